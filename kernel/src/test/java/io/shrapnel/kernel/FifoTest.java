package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class FifoTest {
    @Test
    void popReturnsItemsInPushOrderAndParksWhileEmpty() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                List<String> got = new ArrayList<>();
                long t0 = Coro.now();
                Coro consumer = Coro.spawn(() -> {
                    for (int i = 0; i < 3; i++) {
                        got.add(f.pop() + "@" + Duration.ofNanos(Coro.now() - t0).toMillis());
                    }
                });
                Coro.sleep(Duration.ofMillis(10));
                f.push("a");
                f.push("b");
                Coro.sleep(Duration.ofMillis(10));
                f.push("c");
                consumer.join();
                assertEquals(List.of("a@10", "b@10", "c@20"), got);
            });
        }
    }

    @Test
    void pushFrontPutsAnItemAtTheHeadAndTopShowsIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<Integer> f = new Fifo<>();
                assertThrows(NoSuchElementException.class, f::top);
                f.push(2);
                f.push(3);
                f.pushFront(1);
                assertEquals(1, f.top());
                assertEquals(3, f.size());
                List<Integer> seen = new ArrayList<>();
                f.forEach(seen::add);
                assertEquals(List.of(1, 2, 3), seen, "iteration sees head first and removes nothing");
                assertThrows(UnsupportedOperationException.class, () -> {
                    var it = f.iterator();
                    it.next();
                    it.remove();
                });
                assertEquals(List.of(1, 2, 3), f.popAll());
                assertTrue(f.isEmpty());
            });
        }
    }

    @Test
    void popAllParksUntilSomethingArrivesThenTakesEverything() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                long t0 = Coro.now();
                Coro producer = Coro.spawn(() -> {
                    Coro.sleep(Duration.ofMillis(7));
                    f.push("x");
                    f.push("y");
                });
                assertEquals(List.of("x", "y"), f.popAll());
                assertEquals(Duration.ofMillis(7).toNanos(), Coro.now() - t0);
                producer.join();
            });
        }
    }

    @Test
    void aPopperWokenForAnItemThenShutDownPassesTheWakeToTheNextPopper() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                List<String> got = new ArrayList<>();
                Coro first = Coro.spawn(() -> got.add("first " + f.pop()));
                Coro second = Coro.spawn(() -> got.add("second " + f.pop()));
                Coro.yieldSlice();
                f.push("item"); // wakes first
                first.shutdown();
                Waiting.joinAll(List.of(first, second));
                assertEquals(List.of("second item"), got);
                assertEquals(0, f.queued());
            });
        }
    }

    @Test
    void poppersShutDownBeforeThePushLeaveTheItemToTheSurvivor() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                int[] popped = {0};
                List<Coro> doomed = Waiting.spawn(5, () -> {
                    f.pop();
                    popped[0]++;
                });
                Coro survivor = Coro.spawn(() -> {
                    f.pop();
                    popped[0]++;
                });
                Coro.yieldSlice();
                assertEquals(6, f.waiting());
                doomed.forEach(Coro::shutdown);
                f.push("only one");
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, popped[0]);
                assertTrue(f.isEmpty());
                assertEquals(0, f.queued());
            });
        }
    }

    @Test
    void aPopperWhoseItemWasTakenByAnotherCoroKeepsItsPlaceAtTheFront() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                List<String> got = new ArrayList<>();
                Coro first = Coro.spawn(() -> got.add("first " + f.pop()));
                Coro.yieldSlice();
                Coro second = Coro.spawn(() -> got.add("second " + f.pop()));
                Coro.yieldSlice();
                f.push("a"); // wakes first ...
                assertEquals("a", f.pop()); // ... but main takes it before first runs
                Coro.yieldSlice();
                assertEquals(2, f.waiting());
                f.push("b");
                Coro.yieldSlice();
                assertEquals(List.of("first b"), got, "first is still first in line");
                f.push("c");
                Waiting.joinAll(List.of(first, second));
                assertEquals(List.of("first b", "second c"), got);
            });
        }
    }

    @Test
    void aPopThatTimesOutLeavesNoWaiterBehind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(5), f::pop));
                assertEquals(0, f.queued());
                f.push("later");
                assertEquals("later", f.pop());
            });
        }
    }

    @Test
    void nullIsNotAnItem() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                NullPointerException e = assertThrows(NullPointerException.class, () -> f.push(null));
                assertTrue(e.getMessage().contains("sentinel"), e.getMessage());
            });
        }
    }

    /** The original's writer coro: one coro owns the output channel and drains a fifo into it. */
    @Test
    void aWriterCoroDrainsTheFifoIntoAChannelUntilTheSentinel() throws Exception {
        Object close = new Object();
        try (TestLoop loop = TestLoop.create()) {
            String received = loop.call(() -> {
                Pipe pipe = Pipe.open();
                pipe.sink().configureBlocking(false);
                pipe.source().configureBlocking(false);
                Poller poller = Scheduler.current().poller();
                Fifo<Object> out = new Fifo<>();
                Semaphore buffered = new Semaphore(64 * 1024); // bounds what producers may queue
                Coro writer = Coro.spawn("writer", () -> {
                    for (Object frame; (frame = out.pop()) != close; ) {
                        ByteBuffer b = (ByteBuffer) frame;
                        int size = b.remaining();
                        while (b.hasRemaining()) {
                            if (pipe.sink().write(b) == 0) {
                                poller.awaitWritable(pipe.sink());
                            }
                        }
                        buffered.release(size);
                    }
                    poller.close(pipe.sink());
                });
                Coro reader = Coro.spawn("reader", () -> {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    ByteBuffer b = ByteBuffer.allocate(4096);
                    while (true) {
                        int n = pipe.source().read(b.clear());
                        if (n < 0) {
                            break;
                        }
                        if (n == 0) {
                            poller.awaitReadable(pipe.source());
                        }
                        all.write(b.array(), 0, n);
                    }
                    poller.close(pipe.source());
                    Coro.current().properties().put("text", all.toString(StandardCharsets.US_ASCII));
                });
                List<Coro> producers = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    int id = p;
                    producers.add(Coro.spawn(() -> {
                        for (int i = 0; i < 2000; i++) {
                            byte[] line = ("p" + id + " line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                            buffered.acquire(line.length);
                            out.push(ByteBuffer.wrap(line));
                        }
                    }));
                }
                Waiting.joinAll(producers);
                out.push(close);
                Waiting.joinAll(List.of(writer), reader);
                return (String) reader.properties().get("text");
            });
            String[] lines = received.split("\n");
            assertEquals(6000, lines.length);
            int[] next = new int[3];
            for (String line : lines) {
                int p = line.charAt(1) - '0';
                assertEquals("p" + p + " line " + next[p]++, line, "each producer's lines arrive in order");
            }
        }
    }
}
