package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Poller.Registration#onReadable}: readiness watched with no coro waiting. */
@ExtendWith(CoroTestExtension.class)
class PollerOnReadableTest {
    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    private static Pipe pipe() throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private static void write(Pipe p, String s) throws Exception {
        p.sink().write(ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void theActionRunsOnceWhenBytesArriveAndNotAgainForLaterBytes() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<String> runs = new ArrayList<>();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                OneShot<String> fired = new OneShot<>();
                r.onReadable(() -> {
                    runs.add("ran in a coro: " + (Coro.current() != null));
                    fired.signal("fired");
                });
                Coro.yieldSlice(); // a pass with nothing to read: the action waits
                assertTrue(runs.isEmpty(), runs.toString());
                write(p, "a");
                assertEquals("fired", fired.await());
                write(p, "b");
                r.awaitReadable(); // a coro waiting now gets the readiness; the spent action does not run
                assertEquals(List.of("ran in a coro: false"), runs); // in the loop's selection step
                p.sink().close();
                r.close();
            });
        }
    }

    @Test
    void endOfStreamAlsoRunsTheAction() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                OneShot<Boolean> fired = new OneShot<>();
                r.onReadable(() -> fired.signal(true));
                p.sink().close();
                assertTrue(fired.await());
                assertEquals(-1, p.source().read(ByteBuffer.allocate(1)));
                r.close();
            });
        }
    }

    @Test
    void aLaterActionReplacesTheEarlierOne() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<String> runs = new ArrayList<>();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                OneShot<Boolean> fired = new OneShot<>();
                r.onReadable(() -> runs.add("first"));
                r.onReadable(() -> {
                    runs.add("second");
                    fired.signal(true);
                });
                write(p, "x");
                fired.await();
                p.sink().close();
                r.close();
            });
            assertEquals(List.of("second"), runs);
        }
    }

    @Test
    void closingDropsTheActionAndAClosedRegistrationRefusesANewOne() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<String> runs = new ArrayList<>();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                r.onReadable(() -> runs.add("ran"));
                r.close();
                write(p, "x");
                Coro.yieldSlice();
                Coro.yieldSlice();
                ClosedError e = assertThrows(ClosedError.class, () -> r.onReadable(() -> runs.add("late")));
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
                p.sink().close();
            });
            assertEquals(List.of(), runs);
        }
    }

    @Test
    void aCoroAlreadyWaitingToReadExcludesAnAction() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                Coro reader = Coro.spawn("reader", r::awaitReadable);
                Coro.yieldSlice();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.onReadable(() -> { }));
                assertTrue(e.getMessage().contains(reader.toString()) && e.getMessage().contains("already waits"),
                        e.getMessage());
                write(p, "x");
                reader.join();
                p.sink().close();
                r.close();
            });
        }
    }

    @Test
    void anActionThatThrowsDoesNotStopTheOthersOrTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe bad = pipe();
            Pipe good = pipe();
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                Poller.Registration rb = poller.register(bad.source());
                Poller.Registration rg = poller.register(good.source());
                OneShot<Boolean> fired = new OneShot<>();
                rb.onReadable(() -> {
                    throw new IllegalStateException("boom");
                });
                rg.onReadable(() -> fired.signal(true));
                write(bad, "x");
                write(good, "x");
                assertTrue(fired.await());
                String report = "the readiness action of " + Poller.describe(bad.source())
                        + " failed: java.lang.IllegalStateException: boom";
                Coro.withTimeout(Duration.ofMinutes(1), () -> {
                    while (!err.text().contains(report)) {
                        Coro.sleep(Duration.ofMillis(1));
                    }
                });
                bad.sink().close();
                good.sink().close();
                rb.close();
                rg.close();
            });
        }
    }

    @Test
    void onlyTheLoopThreadMayWatch() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            Poller.Registration r = loop.call(() -> Coro.current().scheduler().poller().register(p.source()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.onReadable(() -> { }));
            assertTrue(e.getMessage().contains("on its thread only"), e.getMessage());
            assertThrows(NullPointerException.class, () -> loop.call(() -> {
                r.onReadable(null);
                return null;
            }));
            assertFalse(loop.call(() -> {
                r.close();
                return p.source().isOpen();
            }));
            p.sink().close();
        }
    }
}
