package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What actors tell the operator: stderr reports (failed handlers, failed adapters), names, turn counts, loop statistics. */
@ExtendWith(CoroTestExtension.class)
class HandlerActorReportsTest {
    interface LoopBody {
        void run(TestLoop loop) throws Exception;
    }

    /** What a virtual-time loop running {@code body} printed on System.err. */
    private static String stderrOf(LoopBody body) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestLoop loop = TestLoop.virtualTime()) {
            body.run(loop);
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void settle() {
        Coro.sleep(Duration.ofMillis(1));
    }

    @Test
    void aHandlerThatThrowsIsReportedOnStderrWithWhereItThrew() throws Exception {
        String out = stderrOf(loop -> {
            loop.run(() -> {
                ActorRef<String> h = Actors.spawnHandler("thrower", m -> {
                    throw new IllegalStateException("bad " + m);
                });
                h.tell("input");
                settle();
                assertFalse(h.isAlive());
            });
        });
        assertTrue(out.contains("handler actor <handler actor #"), out);
        assertTrue(out.contains(" thrower> failed: java.lang.IllegalStateException: bad input at "), out);
    }

    @Test
    void aStoppedHandlerIsNotReportedAsAFailure() throws Exception {
        String out = stderrOf(loop -> {
            loop.run(() -> {
                ActorRef<String> h = Actors.spawnHandler("quiet", m -> Behaviors.same());
                h.tell("x");
                settle();
                Actors.stop(h);
                settle();
                assertFalse(h.isAlive());
            });
        });
        assertEquals("", out);
    }

    @Test
    void aDownOrExitAdapterThatThrowsIsReportedAndTheWatcherCarriesOn() throws Exception {
        String out = stderrOf(loop -> {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                ActorRef<String> watched = Actors.spawn("watched", (Inbox<String> w) -> w.receive());
                ActorRef<String> linked = Actors.spawn("linked", (Inbox<String> w) -> w.receive());
                in.monitor(watched, d -> {
                    throw new IllegalStateException("bad down adapter");
                });
                in.trapExits(e -> {
                    throw new IllegalStateException("bad exit adapter");
                });
                in.link(linked);
                watched.tell("bye");
                linked.tell("bye");
                settle();
                assertTrue(in.receive(Duration.ZERO).isEmpty(), "no message from a failed adapter");
            });
        });
        assertTrue(out.contains(": the Down adapter failed: java.lang.IllegalStateException: bad down adapter"), out);
        assertTrue(out.contains(": the Exit adapter failed: java.lang.IllegalStateException: bad exit adapter"), out);
    }

    @Test
    void aHandlerActorIsNamedAndCountsItsTurns() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> h = Actors.spawnHandler("counter", m -> Behaviors.same());
                assertEquals("counter", h.name());
                assertTrue(h.toString().matches("<handler actor #\\d+ counter>"), h.toString());
                h.tell("a");
                settle();
                h.tell("b");
                settle();
                assertEquals(2, Actors.stats(h).wakeups(), "two messages a turn apart: two turns");
                Actors.stop(h);
                settle();
            });
        }
    }

    @Test
    void theLoopCountsLiveHandlersAndKeepsTheMessagesOfClosedActors() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> a = Actors.spawnHandler("a", m -> Behaviors.same());
                ActorRef<String> b = Actors.spawnHandler("b", m -> Behaviors.same());
                ActorRef<String> c = Actors.spawnHandler("c", m -> Behaviors.same());
                for (String m : new String[] {"1", "2", "3"}) {
                    a.tell(m);
                }
                b.tell("4");
                settle();
                LoopStats before = Actors.stats(loop.scheduler());
                assertEquals(3, before.handlerActors());
                assertEquals(0, before.coroActors());
                assertEquals(4, before.delivered());
                assertTrue(before.dispatchersStarted() >= 1, before.toString());
                Actors.stop(b);
                settle();
                LoopStats afterB = Actors.stats(loop.scheduler());
                assertEquals(2, afterB.handlerActors(), "b is no longer listed");
                assertEquals(4, afterB.delivered(), "b's message still counts once b has closed");
                assertEquals(2, Actors.mailboxes(loop.scheduler()).size());
                Actors.stop(a);
                settle();
                assertEquals(1, Actors.stats(loop.scheduler()).handlerActors());
                assertEquals(4, Actors.stats(loop.scheduler()).delivered());
                assertEquals(List.of(c.toString()),
                        Actors.mailboxes(loop.scheduler()).stream().map(MailboxStats::actor).toList());
                Actors.stop(c);
                settle();
                assertEquals(0, Actors.stats(loop.scheduler()).handlerActors());
            });
        }
    }
}
