package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class LoopConfinementTest {
    @Test
    void aPrimitiveUsedFromAnotherLoopsCoroFailsWithWhatToDo() throws Exception {
        Fifo<String> f = new Fifo<>();
        try (TestLoop first = TestLoop.virtualTime()) {
            first.run(() -> f.push("from the first loop"));
        }
        try (TestLoop second = TestLoop.virtualTime()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.run(f::pop));
            assertTrue(e.getMessage().startsWith("Fifo.pop was called by <coro #"), e.getMessage());
            assertTrue(e.getMessage().contains("Primitives are confined to the loop that first used them"),
                    e.getMessage());
        }
    }

    @Test
    void aThreadThatRunsNoLoopIsToldToPost() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Fifo<String>().push("x"));
        assertTrue(e.getMessage().contains("post the call to it"), e.getMessage());
    }

    @Test
    void otherThreadsFeedAFifoThroughTasksPostedToItsLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            List<Integer> got = loop.call(() -> {
                Fifo<Integer> f = new Fifo<>();
                Scheduler s = Scheduler.current();
                f.push(0); // binds the fifo to this loop
                Thread feeder = Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= 100; i++) {
                        int v = i;
                        s.post(() -> f.push(v));
                    }
                });
                List<Integer> all = new ArrayList<>();
                Coro.withTimeout(Duration.ofSeconds(30), () -> {
                    while (all.size() < 101) {
                        all.add(f.pop());
                    }
                });
                Coro.offload(() -> {
                    feeder.join();
                    return null;
                });
                return all;
            });
            for (int i = 0; i <= 100; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }
}
