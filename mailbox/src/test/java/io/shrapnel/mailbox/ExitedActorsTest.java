package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Monitors, links and unlinks against actors that have exited or exit later, seen from both sides. */
@ExtendWith(CoroTestExtension.class)
class ExitedActorsTest {
    /** Something for a puppet actor to do in its own context. */
    interface Command extends Consumer<Inbox<Object>> {}

    private final List<String> crashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void expectCrashes() {
        Coro.setExceptionNotifier((coro, error) -> crashes.add(coro.name() + ": " + error.getClass().getSimpleName()));
    }

    /** An actor that runs the commands it is sent, crashes on "crash" and returns on "exit". */
    private static ActorRef<Object> puppet(String name) {
        return Actors.spawn(name, (Inbox<Object> in) -> {
            while (true) {
                Object m = in.receive();
                if (m instanceof Command c) {
                    c.accept(in);
                } else if ("crash".equals(m)) {
                    throw new IllegalStateException(name + " crashed");
                } else if ("exit".equals(m)) {
                    return;
                }
            }
        });
    }

    private static void settle() {
        Coro.sleep(Duration.ofMillis(1));
    }

    private static ActorRef<Object> crashed(String name) {
        ActorRef<Object> a = puppet(name);
        a.tell("crash");
        settle();
        assertFalse(a.isAlive());
        return a;
    }

    @Test
    void monitoringAnExitedActorDeliversItsDownAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> dead = crashed("dead");
                Inbox<Object> in = Actors.inbox();
                Monitor m = in.monitor(dead, d -> d);
                assertSame(dead, m.target());
                Down d = in.receive(Down.class, Duration.ZERO).orElseThrow();
                assertSame(dead, d.actor());
                assertInstanceOf(IllegalStateException.class, d.reason());
                assertFalse(m.cancel(), "a monitor that has fired is not registered");
            });
        }
    }

    @Test
    void aMonitorCancelledBeforeTheExitSendsNothingAndCancelsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> a = puppet("a");
                Inbox<Object> in = Actors.inbox();
                Monitor m = in.monitor(a, d -> d);
                assertSame(a, m.target());
                assertTrue(m.cancel());
                assertFalse(m.cancel());
                a.tell("exit");
                settle();
                assertTrue(in.receive(Duration.ofMillis(5)).isEmpty());
            });
        }
    }

    @Test
    void linkingToACrashedActorTakesTheLinkerDown() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> dead = crashed("dead");
                List<Throwable> thrownByLink = new CopyOnWriteArrayList<>();
                ActorRef<Object> linker = Actors.spawn("linker", (Inbox<Object> in) -> {
                    try {
                        in.link(dead);
                    } catch (RuntimeException e) {
                        thrownByLink.add(e);
                    }
                    in.receive();
                });
                settle();
                assertEquals(List.of(), thrownByLink);
                assertFalse(linker.isAlive());
                Inbox<Object> in = Actors.inbox();
                in.monitor(linker, d -> d);
                ActorExit exit = assertInstanceOf(ActorExit.class, in.receive(Down.class).reason());
                assertSame(dead, exit.from());
                assertInstanceOf(IllegalStateException.class, exit.linkedReason());
            });
        }
    }

    @Test
    void anActorThatStopsItselfExitsWithShutdownAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<String> after = new CopyOnWriteArrayList<>();
                ActorRef<Object> quitter = Actors.spawn("quitter", (Inbox<Object> in) -> {
                    try {
                        Actors.stop(in.self());
                        after.add("returned from stop");
                    } catch (RuntimeException e) {
                        after.add("threw " + e);
                    }
                    in.receive();
                });
                settle();
                assertEquals(List.of(), after);
                assertFalse(quitter.isAlive());
                Inbox<Object> in = Actors.inbox();
                in.monitor(quitter, d -> d);
                assertInstanceOf(Shutdown.class, in.receive(Down.class).reason());
            });
        }
    }

    @Test
    void linkingToAnActorThatExitedNormallyChangesNothing() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> done = puppet("done");
                done.tell("exit");
                settle();
                ActorRef<Object> linker = puppet("linker");
                linker.tell((Command) in -> in.link(done));
                settle();
                assertTrue(linker.isAlive());
                linker.tell("exit");
                settle();
            });
        }
    }

    @Test
    void theContextOfAStoppedHandlerLinkingToAnActorSendsItTheExitAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicReference<ActorContext<String>> context = new AtomicReference<>();
                ActorRef<String> h = Actors.spawnHandler("h", Behaviors.<String>setup(ctx -> {
                    context.set(ctx);
                    return m -> Behaviors.same();
                }));
                h.tell("start");
                settle();
                Actors.stop(h);
                settle();
                assertFalse(h.isAlive());
                Inbox<Object> in = Actors.inbox();
                in.trapExits(e -> e);
                context.get().link(in.self());
                Exit e = in.receive(Exit.class, Duration.ZERO).orElseThrow();
                assertSame(h, e.from());
                assertInstanceOf(Shutdown.class, e.reason());
            });
        }
    }

    @Test
    void aTrappingActorLinkingToACrashedActorGetsItsExitAsAMessage() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> dead = crashed("dead");
                Inbox<Object> in = Actors.inbox();
                in.trapExits(e -> e);
                in.link(dead);
                Exit e = in.receive(Exit.class, Duration.ZERO).orElseThrow();
                assertSame(dead, e.from());
                assertInstanceOf(IllegalStateException.class, e.reason());
            });
        }
    }

    @Test
    void aLinkMadeByTheOtherSideCarriesItsCrashBack() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                in.trapExits(e -> e);
                ActorRef<Object> me = in.self();
                ActorRef<Object> child = puppet("child");
                child.tell((Command) c -> c.link(me));
                settle();
                child.tell("crash");
                Exit e = in.receive(Exit.class, Duration.ofSeconds(1)).orElseThrow();
                assertSame(child, e.from());
                assertInstanceOf(IllegalStateException.class, e.reason());
            });
        }
    }

    /** t links to c and unlinks again; then one of them crashes, and the other must live on. */
    private static void unlinkThenCrash(boolean crashTheUnlinker) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> t = puppet("t");
                ActorRef<Object> c = puppet("c");
                t.tell((Command) in -> in.link(c));
                t.tell((Command) in -> in.unlink(c));
                settle();
                ActorRef<Object> crashing = crashTheUnlinker ? t : c;
                ActorRef<Object> survivor = crashTheUnlinker ? c : t;
                crashing.tell("crash");
                settle();
                assertFalse(crashing.isAlive());
                assertTrue(survivor.isAlive(), "t unlinked c before " + crashing + " crashed");
                survivor.tell("exit");
                settle();
            });
        }
    }

    @Test
    void afterAnUnlinkTheCrashOfTheOtherSideDoesNotSpread() throws Exception {
        unlinkThenCrash(false);
    }

    @Test
    void afterAnUnlinkTheCrashOfTheUnlinkerDoesNotSpread() throws Exception {
        unlinkThenCrash(true);
    }

    @Test
    void unlinkingActorsThatWereNeverLinkedDoesNothing() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> t = puppet("t");
                ActorRef<Object> c = puppet("c");
                t.tell((Command) in -> in.unlink(c));
                t.tell((Command) in -> in.unlink(in.self()));
                settle();
                assertTrue(t.isAlive());
                assertTrue(c.isAlive());
                t.tell("exit");
                c.tell("exit");
                settle();
                assertEquals(List.of(), crashes);
            });
        }
    }

    @Test
    void theAddressOfACoroThatHasExitedMakesDeadLettersAndReportsItsExit() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro gone = Coro.spawn(() -> {
                    throw new IllegalArgumentException("gone");
                });
                settle();
                ActorRef<String> ref = Actors.refOf(gone);
                assertFalse(ref.isAlive());
                assertFalse(ref.offer("x"));
                assertFalse(ref.offer("x", Duration.ofSeconds(1)));
                ref.tell("y");
                assertEquals(3, Actors.stats(ref).deadLetters());
                Inbox<Object> in = Actors.inbox();
                in.monitor(ref, d -> d);
                assertInstanceOf(IllegalArgumentException.class, in.receive(Down.class, Duration.ZERO).orElseThrow().reason());
            });
        }
    }

    @Test
    void aDownForAWatcherThatHasExitedBecomesADeadLetterToThatWatcher() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<DeadLetter> letters = new CopyOnWriteArrayList<>();
                ActorRef<DeadLetter> office = Actors.spawn("office", (Inbox<DeadLetter> in) -> {
                    while (true) {
                        letters.add(in.receive());
                    }
                });
                DeadLetters.subscribe(office);
                try {
                    ActorRef<Object> target = puppet("target");
                    ActorRef<Object> watcher = puppet("watcher");
                    watcher.tell((Command) in -> in.monitor(target, d -> d));
                    watcher.tell("exit");
                    settle();
                    target.tell("exit");
                    settle();
                    assertEquals(1, letters.size(), letters.toString());
                    DeadLetter l = letters.get(0);
                    assertSame(watcher, l.recipient());
                    assertEquals(DeadLetter.Cause.RECIPIENT_DEAD, l.cause());
                    Down d = assertInstanceOf(Down.class, l.message());
                    assertSame(target, d.actor());
                    assertNull(d.reason());
                } finally {
                    assertTrue(DeadLetters.unsubscribe(office));
                    assertFalse(DeadLetters.unsubscribe(office));
                    Actors.stop(office);
                    settle();
                }
            });
        }
    }

    @Test
    void aDownDeliveredToALiveWatcherIsNoDeadLetter() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> target = puppet("target");
                Inbox<Object> in = Actors.inbox();
                in.monitor(target, d -> d);
                target.tell("crash");
                assertSame(target, in.receive(Down.class, Duration.ofSeconds(1)).orElseThrow().actor());
                assertEquals(0, Actors.stats(in.self()).deadLetters());
            });
        }
    }
}
