package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8 platform threads and 12 coros on 3 loops send 1 M numbered messages to one coro. Every sender's
 * messages must arrive exactly once and in order. Senders pause at seeded random points, so a
 * failure can be replayed with the seed in its message.
 */
@ExtendWith(CoroTestExtension.class)
class ManySendersTest {
    private static final int THREADS = 8;
    private static final int LOOPS = 3;
    private static final int COROS_PER_LOOP = 4;
    private static final int SENDERS = THREADS + LOOPS * COROS_PER_LOOP;
    private static final int PER_SENDER = 50_000; // 20 senders: 1 M messages
    private static final long SEED = 0x5EED_2026L;

    record Seq(int sender, int n) {}

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {256, 0})
    void noMessageIsLostDuplicatedOrReorderedPerSender(int capacity) throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("many", LOOPS);
        try {
            int[] last = new int[SENDERS];
            Arrays.fill(last, -1);
            AtomicReference<String> verdict = new AtomicReference<>();
            MailboxConfig config = capacity == 0 ? MailboxConfig.unbounded() : MailboxConfig.bounded(capacity);
            ActorRef<Seq> sink = Actors.named("sink").on(loops.get(0)).mailbox(config).spawn((Inbox<Seq> in) -> {
                for (long total = 0; total < (long) SENDERS * PER_SENDER; total++) {
                    Seq s = in.receive();
                    if (s.n() != last[s.sender()] + 1) {
                        verdict.set("sender " + s.sender() + " sent " + s.n() + " after " + last[s.sender()]
                                + " (seed " + SEED + ")");
                        return;
                    }
                    last[s.sender()] = s.n();
                }
                verdict.set("ok");
            });

            ConcurrentLinkedQueue<String> senderProblems = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int sender = t;
                threads.add(Thread.ofPlatform().name("sender-" + t).start(() -> {
                    Random rnd = new Random(SEED + sender);
                    for (int i = 0; i < PER_SENDER; i++) {
                        if (!sink.offer(new Seq(sender, i), Duration.ofSeconds(30))) {
                            senderProblems.add("thread " + sender + " could not send " + i);
                            return;
                        }
                        if (rnd.nextInt(1000) == 0) {
                            Thread.yield();
                        }
                    }
                }));
            }
            for (int l = 0; l < LOOPS; l++) {
                for (int c = 0; c < COROS_PER_LOOP; c++) {
                    int sender = THREADS + l * COROS_PER_LOOP + c;
                    loops.get(l).spawn("sender-" + sender, () -> {
                        Random rnd = new Random(SEED + sender);
                        for (int i = 0; i < PER_SENDER; i++) {
                            sink.tell(new Seq(sender, i)); // parks while the bounded mailbox is full
                            if (rnd.nextInt(500) == 0) {
                                Coro.yieldSlice();
                            }
                        }
                    });
                }
            }
            await().atMost(Duration.ofSeconds(50)).until(() -> verdict.get() != null || !senderProblems.isEmpty());
            assertTrue(senderProblems.isEmpty(), senderProblems.toString());
            assertEquals("ok", verdict.get());
            for (int s = 0; s < SENDERS; s++) {
                assertEquals(PER_SENDER - 1, last[s], "last message of sender " + s);
            }
            for (Thread t : threads) {
                t.join();
            }
            MailboxStats stats = Actors.stats(sink);
            assertEquals((long) SENDERS * PER_SENDER, stats.received());
            assertEquals((long) SENDERS * PER_SENDER, stats.delivered());
            assertEquals(0, stats.deadLetters());
            await().until(() -> loops.stream().allMatch(l -> l.liveCoros() == 0));
        } finally {
            for (Scheduler l : loops) {
                l.close();
            }
        }
    }
}
