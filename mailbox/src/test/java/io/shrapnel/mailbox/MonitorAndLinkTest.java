package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class MonitorAndLinkTest {
    sealed interface Msg permits Work, WorkerDown, LinkExit {}

    record Work(String what) implements Msg {}

    record WorkerDown(Down down) implements Msg {}

    record LinkExit(Exit exit) implements Msg {}

    private final List<String> crashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void expectCrashes() {
        Coro.setExceptionNotifier((coro, error) -> crashes.add(coro.name() + ": " + error.getMessage()));
    }

    /** A coro actor that does what it is told: "crash", "exit", or waits. */
    private static ActorRef<String> obedient(String name) {
        return obedient(name, null);
    }

    /** The same, linked to {@code linkTo} before it runs (its spawner sleeps a moment to let it). */
    private static ActorRef<String> obedient(String name, ActorRef<?> linkTo) {
        return Actors.spawn(name, (Inbox<String> in) -> {
            if (linkTo != null) {
                in.link(linkTo);
            }
            while (true) {
                switch (in.receive()) {
                    case "crash" -> throw new IllegalStateException(name + " crashed");
                    case "exit" -> {
                        return;
                    }
                    default -> { }
                }
            }
        });
    }

    @Test
    void aMonitorGetsDownWithTheExitReasonAsAMessageOfItsOwnType() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Down> downs = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                ActorRef<String> crasher = obedient("crasher");
                ActorRef<String> quitter = obedient("quitter");
                in.monitor(crasher, WorkerDown::new);
                in.monitor(quitter, WorkerDown::new);
                crasher.tell("crash");
                quitter.tell("exit");
                List<Down> out = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    switch (in.receive()) {
                        case WorkerDown w -> out.add(w.down());
                        case Work w -> throw new AssertionError(w);
                        case LinkExit e -> throw new AssertionError(e);
                    }
                }
                return out;
            });
            assertEquals("crasher", downs.get(0).actor().name());
            assertInstanceOf(IllegalStateException.class, downs.get(0).reason());
            assertEquals("quitter", downs.get(1).actor().name());
            assertTrue(downs.get(1).isNormal());
            assertEquals(List.of("crasher: crasher crashed"), crashes);
        }
    }

    @Test
    void monitoringAnActorThatHasAlreadyExitedDeliversDownAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Object got = loop.call(() -> {
                ActorRef<String> gone = obedient("gone");
                gone.tell("crash");
                Coro.sleep(Duration.ofMillis(1));
                Inbox<Object> in = Actors.inbox();
                in.monitor(gone, d -> d);
                return in.receive(Duration.ZERO).orElseThrow();
            });
            assertInstanceOf(IllegalStateException.class, ((Down) got).reason());
        }
    }

    @Test
    void aCancelledMonitorDeliversNothing() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Optional<Object> got = loop.call(() -> {
                ActorRef<String> w = obedient("w");
                Inbox<Object> in = Actors.inbox();
                Monitor m = in.monitor(w, d -> d);
                assertTrue(m.cancel());
                w.tell("exit");
                return in.receive(Duration.ofSeconds(1));
            });
            assertTrue(got.isEmpty());
        }
    }

    @Test
    void linkedActorsDieTogetherAndTheSecondDiesWithActorExit() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Down> downs = loop.call(() -> {
                ActorRef<String> first = obedient("first");
                ActorRef<String> second = Actors.spawn("second", (Inbox<String> in) -> {
                    in.link(first);
                    in.receive(); // never comes: the link takes it down
                });
                Inbox<Object> in = Actors.inbox();
                in.monitor(first, d -> d);
                in.monitor(second, d -> d);
                Coro.sleep(Duration.ofMillis(1));
                first.tell("crash");
                List<Down> out = new ArrayList<>();
                out.add((Down) in.receive());
                out.add((Down) in.receive());
                return out;
            });
            assertInstanceOf(IllegalStateException.class, downs.get(0).reason());
            ActorExit exit = assertInstanceOf(ActorExit.class, downs.get(1).reason());
            assertEquals("first", exit.from().name());
            assertSame(downs.get(0).reason(), exit.linkedReason());
            assertEquals(List.of("first: first crashed"), crashes, "a death by link is not reported again");
        }
    }

    @Test
    void aNormalExitDoesNotTakeLinkedActorsDown() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            boolean alive = loop.call(() -> {
                ActorRef<String> quitter = obedient("quitter");
                ActorRef<String> stayer = obedient("stayer", quitter);
                Inbox<Object> in = Actors.inbox();
                Coro.sleep(Duration.ofMillis(1));
                in.monitor(quitter, d -> d);
                quitter.tell("exit");
                in.receive();
                Coro.sleep(Duration.ofMillis(1));
                boolean a = stayer.isAlive();
                stayer.tell("exit");
                Coro.sleep(Duration.ofMillis(1));
                return a;
            });
            assertTrue(alive);
        }
    }

    @Test
    void anActorThatTrapsExitsGetsThemAsMessagesAndLives() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Exit exit = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                in.trapExits(LinkExit::new);
                ActorRef<String> child = obedient("child");
                in.link(child);
                child.tell("crash");
                return ((LinkExit) in.receive()).exit();
            });
            assertEquals("child", exit.from().name());
            assertInstanceOf(IllegalStateException.class, exit.reason());
        }
    }

    @Test
    void linksAndMonitorsWorkBetweenCoroActorsAndHandlerActors() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Down> downs = loop.call(() -> {
                ActorRef<String> handler = Actors.spawnHandler("handler", msg -> {
                    if (msg.equals("crash")) {
                        throw new IllegalStateException("handler crashed");
                    }
                    return Behaviors.same();
                });
                ActorRef<String> coroActor = obedient("coro-actor", handler);
                ActorRef<String> handler2 = Actors.spawnHandler("handler2", Behaviors.<String>setup(ctx -> {
                    ctx.link(coroActor);
                    return msg -> Behaviors.same();
                }));
                Inbox<Object> in = Actors.inbox();
                in.monitor(handler, d -> d);
                in.monitor(coroActor, d -> d);
                in.monitor(handler2, d -> d);
                Coro.sleep(Duration.ofMillis(1));
                handler.tell("crash"); // handler -> coro actor -> handler2
                List<Down> out = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    out.add((Down) in.receive());
                }
                return out;
            });
            assertEquals(List.of("handler", "coro-actor", "handler2"), downs.stream().map(d -> d.actor().name()).toList());
            assertInstanceOf(IllegalStateException.class, downs.get(0).reason());
            assertInstanceOf(ActorExit.class, downs.get(1).reason());
            ActorExit last = assertInstanceOf(ActorExit.class, downs.get(2).reason());
            assertEquals("coro-actor", last.from().name());
        }
    }

    @Test
    void aCoroThatDiesWithMessagesInFlightTellsItsMonitorsAfterTheyBecameDeadLetters() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("inflight", 2);
        try {
            ActorRef<Integer> victim = Actors.named("victim").on(loops.get(0)).spawn((Inbox<Integer> in) -> {
                for (int i = 0; i < 1_000; i++) {
                    in.receive();
                }
                throw new IllegalStateException("victim gave up");
            });
            List<Object> seen = new CopyOnWriteArrayList<>();
            ActorRef<Object> watcher = Actors.named("watcher").on(loops.get(1)).spawn((Inbox<Object> in) -> {
                in.monitor(victim, d -> d);
                Down d = in.receive(Down.class);
                seen.add(d);
                seen.add(Actors.stats(victim).deadLetters() + Actors.stats(victim).received());
            });
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    victim.tell(i);
                }
            });
            sender.join();
            await().until(() -> !watcher.isAlive());
            Down d = (Down) seen.get(0);
            assertInstanceOf(IllegalStateException.class, d.reason());
            long accounted = (long) seen.get(1);
            assertTrue(accounted >= 1_000, "received and dead letters when Down arrived: " + accounted);
            await().until(() -> Actors.stats(victim).deadLetters() + Actors.stats(victim).received() == 20_000);
            assertNull(Actors.stats(victim).alive() ? "alive" : null);
            assertFalse(victim.isAlive());
        } finally {
            for (Scheduler l : loops) {
                l.close();
            }
        }
        assertEquals(List.of("victim: victim gave up"), crashes);
    }
}
