package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class MultiLoopTest {
    @Test
    void coroOnOneLoopJoinsAndRaisesIntoCorosOnAnother() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("multi", 2);
        try {
            Scheduler a = loops.get(0);
            Scheduler b = loops.get(1);
            ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
            Coro victim = Coro.spawnOn(a, "victim", () -> {
                try {
                    Coro.sleep(Duration.ofHours(1));
                } catch (Interrupted e) {
                    events.add("victim interrupted on " + Coro.current().scheduler().name() + " by " + e.reason());
                }
            });
            Coro.spawnOn(b, "killer", () -> {
                Coro worker = Coro.spawnOn(a, "worker", () -> events.add("worker ran on " + Coro.current().scheduler().name()));
                worker.join(); // joins a coro of another loop
                events.add("killer joined worker from " + Coro.current().scheduler().name());
                victim.interrupt("killer");
                victim.join();
                events.add("killer saw victim die");
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 4);
            assertEquals(List.of("worker ran on multi-0", "killer joined worker from multi-1",
                    "victim interrupted on multi-0 by killer", "killer saw victim die"), List.copyOf(events));
            await().atMost(Duration.ofSeconds(20)).until(() -> a.liveCoros() == 0 && b.liveCoros() == 0);
        } finally {
            for (Scheduler s : loops) {
                s.close();
            }
        }
        for (Scheduler s : loops) {
            assertTrue(s.awaitExit(Duration.ofSeconds(10)));
            assertTrue(!Scheduler.all().contains(s));
        }
    }
}
