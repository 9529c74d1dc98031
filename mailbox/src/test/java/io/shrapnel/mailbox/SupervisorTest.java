package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Shutdown;
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
class SupervisorTest {
    private final List<String> starts = new ArrayList<>();
    private final List<String> crashes = new CopyOnWriteArrayList<>();
    private long t0;

    @BeforeEach
    void expectCrashes() {
        Coro.setExceptionNotifier((coro, error) -> crashes.add(coro.name() + ": " + error.getClass().getSimpleName()));
    }

    /** A worker that crashes on "crash", exits on "exit"; its starts are logged with the virtual time. */
    private ChildSpec worker(String id, ChildSpec.Restart restart) {
        return ChildSpec.of(id, restart, () -> {
            starts.add(id + "@" + (Coro.now() - t0) / 1_000_000L);
            return Actors.spawn(id, (Inbox<String> in) -> {
                while (true) {
                    switch (in.receive()) {
                        case "crash" -> throw new IllegalStateException(id + " crashed");
                        case "exit" -> {
                            return;
                        }
                        default -> { }
                    }
                }
            });
        });
    }

    private ChildSpec worker(String id) {
        return worker(id, ChildSpec.Restart.PERMANENT);
    }

    private static ActorRef<String> child(Supervisor sup, String id) {
        return sup.<String>child(id).orElseThrow();
    }

    private static void settle() {
        Coro.sleep(Duration.ofMillis(1));
    }

    private void stopAndWait(Supervisor sup) {
        Inbox<Object> in = Actors.inbox();
        in.monitor(sup.ref(), d -> d);
        sup.stop();
        in.receive(Down.class);
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatExited() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne().child(worker("a")).child(worker("b")));
                ActorRef<String> a = child(sup, "a");
                ActorRef<String> b = child(sup, "b");
                a.tell("crash");
                settle();
                assertNotSame(a, child(sup, "a"));
                assertSame(b, child(sup, "b"));
                assertEquals(1, sup.restarts());
                stopAndWait(sup);
                assertFalse(b.isAlive());
            });
            assertEquals(List.of("a@0", "b@0", "a@0"), starts);
            assertEquals(List.of("a: IllegalStateException"), crashes);
        }
    }

    @Test
    void oneForAllStopsTheOthersAndRestartsThemAll() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Down> downs = new ArrayList<>();
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForAll()
                        .child(worker("a")).child(worker("b")).child(worker("c")));
                List<ActorRef<String>> before = List.of(child(sup, "a"), child(sup, "b"), child(sup, "c"));
                Inbox<Object> in = Actors.inbox();
                for (ActorRef<String> r : before) {
                    in.monitor(r, d -> d);
                }
                before.get(1).tell("crash");
                for (int i = 0; i < 3; i++) {
                    downs.add(in.receive(Down.class));
                }
                settle();
                for (String id : List.of("a", "b", "c")) {
                    assertTrue(child(sup, id).isAlive());
                    assertFalse(before.contains(child(sup, id)));
                }
                assertEquals(3, sup.restarts());
                stopAndWait(sup);
            });
            assertEquals(List.of("a@0", "b@0", "c@0", "a@0", "b@0", "c@0"), starts);
            assertEquals(List.of("b", "c", "a"), downs.stream().map(d -> d.actor().name()).toList(),
                    "the others are stopped in reverse start order");
            assertInstanceOf(Shutdown.class, downs.get(1).reason());
        }
    }

    @Test
    void restForOneRestartsTheChildAndThoseStartedAfterIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.restForOne()
                        .child(worker("a")).child(worker("b")).child(worker("c")));
                ActorRef<String> a = child(sup, "a");
                child(sup, "b").tell("crash");
                settle();
                assertSame(a, child(sup, "a"));
                assertEquals(2, sup.restarts());
                stopAndWait(sup);
            });
            assertEquals(List.of("a@0", "b@0", "c@0", "b@0", "c@0"), starts);
        }
    }

    @Test
    void transientChildrenComeBackOnlyAfterFailuresAndTemporaryOnesNever() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne()
                        .child(worker("t", ChildSpec.Restart.TRANSIENT))
                        .child(worker("tmp", ChildSpec.Restart.TEMPORARY)));
                child(sup, "t").tell("crash");
                settle();
                child(sup, "t").tell("exit");
                child(sup, "tmp").tell("crash");
                settle();
                assertTrue(sup.child("t").isEmpty());
                assertTrue(sup.child("tmp").isEmpty());
                assertEquals(1, sup.restarts());
                assertTrue(sup.isAlive());
                stopAndWait(sup);
            });
            assertEquals(List.of("t@0", "tmp@0", "t@0"), starts);
        }
    }

    @Test
    void oneForAllStopsATemporaryChildForTheOthersAndDoesNotRestartIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForAll()
                        .child(worker("a")).child(worker("tmp", ChildSpec.Restart.TEMPORARY)).child(worker("c")));
                ActorRef<String> tmp = child(sup, "tmp");
                child(sup, "a").tell("crash");
                settle();
                assertFalse(tmp.isAlive(), "stopped with the others");
                assertTrue(sup.child("tmp").isEmpty(), "and gone from the supervisor");
                assertTrue(child(sup, "a").isAlive());
                assertTrue(child(sup, "c").isAlive());
                assertEquals(2, sup.restarts());
                child(sup, "c").tell("crash"); // the temporary child is not among the restarted ones
                settle();
                assertTrue(sup.child("tmp").isEmpty());
                assertEquals(4, sup.restarts());
                stopAndWait(sup);
            });
            assertEquals(List.of("a@0", "tmp@0", "c@0", "a@0", "c@0", "a@1", "c@1"), starts);
        }
    }

    @Test
    void restForOneRestartsOnlyThePermanentOnesAfterTheFailedChild() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.restForOne()
                        .child(worker("a")).child(worker("b")).child(worker("tmp", ChildSpec.Restart.TEMPORARY))
                        .child(worker("d")));
                ActorRef<String> a = child(sup, "a");
                ActorRef<String> tmp = child(sup, "tmp");
                child(sup, "b").tell("crash");
                settle();
                assertSame(a, child(sup, "a"));
                assertFalse(tmp.isAlive());
                assertTrue(sup.child("tmp").isEmpty());
                assertEquals(2, sup.restarts());
                stopAndWait(sup);
            });
            assertEquals(List.of("a@0", "b@0", "tmp@0", "d@0", "b@0", "d@0"), starts);
        }
    }

    @Test
    void aTemporaryChildThatCrashesIsDroppedWhileTheOthersRunOn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForAll()
                        .child(worker("a")).child(worker("tmp", ChildSpec.Restart.TEMPORARY)));
                ActorRef<String> a = child(sup, "a");
                child(sup, "tmp").tell("crash");
                settle();
                assertSame(a, child(sup, "a"), "a temporary child's exit restarts nobody, even one-for-all");
                assertTrue(sup.child("tmp").isEmpty());
                assertEquals(0, sup.restarts());
                stopAndWait(sup);
            });
            assertEquals(List.of("a@0", "tmp@0"), starts);
        }
    }

    @Test
    void beyondItsRestartIntensityTheSupervisorStopsItsChildrenAndGivesUp() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Down[] supDown = new Down[1];
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("fragile-sup", SupervisorSpec.oneForOne()
                        .intensity(2, Duration.ofSeconds(10)).child(worker("a")).child(worker("b")));
                ActorRef<String> b = child(sup, "b");
                Inbox<Object> in = Actors.inbox();
                in.monitor(sup.ref(), d -> d);
                for (int i = 0; i < 3; i++) {
                    child(sup, "a").tell("crash");
                    Coro.sleep(Duration.ofSeconds(1));
                }
                supDown[0] = in.receive(Down.class);
                assertEquals(2, sup.restarts());
                assertFalse(b.isAlive());
            });
            SupervisorGaveUp gaveUp = assertInstanceOf(SupervisorGaveUp.class, supDown[0].reason());
            assertTrue(gaveUp.getMessage().contains("fragile-sup") && gaveUp.getMessage().contains("'a'"),
                    gaveUp.getMessage());
            assertEquals(List.of("a@0", "b@0", "a@0", "a@1000"), starts);
            assertTrue(crashes.contains("fragile-sup: SupervisorGaveUp"), crashes.toString());
        }
    }

    @Test
    void restartsOlderThanTheIntensityPeriodNoLongerCount() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne()
                        .intensity(1, Duration.ofSeconds(5)).child(worker("a")));
                for (int i = 0; i < 4; i++) {
                    child(sup, "a").tell("crash");
                    Coro.sleep(Duration.ofSeconds(6));
                }
                assertTrue(sup.isAlive());
                assertEquals(4, sup.restarts());
                stopAndWait(sup);
            });
        }
    }

    @Test
    void backOffDoublesUpToItsMaximum() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne()
                        .intensity(10, Duration.ofMinutes(1))
                        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                        .child(worker("a")));
                for (int i = 0; i < 4; i++) {
                    ActorRef<String> a = child(sup, "a");
                    a.tell("crash");
                    Optional<ActorRef<String>> now;
                    while ((now = sup.child("a")).isEmpty() || now.get() == a) {
                        Coro.sleep(Duration.ofMillis(100));
                    }
                }
                stopAndWait(sup);
            });
            // crash at 0 -> back at 1 s; at 1 -> 3; at 3 -> 7; at 7 -> 11 (capped at 4 s)
            assertEquals(List.of("a@0", "a@1000", "a@3000", "a@7000", "a@11000"), starts);
        }
    }

    @Test
    void aSupervisorThatGivesUpIsRestartedByItsOwnSupervisor() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                t0 = Coro.now();
                SupervisorSpec inner = SupervisorSpec.oneForOne().intensity(0, Duration.ofSeconds(1)).child(worker("w"));
                Supervisor[] sub = new Supervisor[1];
                Supervisor top = Supervisor.start("top", SupervisorSpec.oneForOne().child(ChildSpec.permanent("sub", () -> {
                    sub[0] = Supervisor.start("sub", inner);
                    return sub[0].ref();
                })));
                child(top, "sub"); // it has started its children
                Supervisor first = sub[0];
                child(first, "w").tell("crash"); // sub allows no restart: it gives up, top restarts it
                settle();
                assertFalse(first.isAlive());
                assertNotSame(first, sub[0]);
                assertTrue(child(sub[0], "w").isAlive());
                assertEquals(1, top.restarts());
                stopAndWait(top);
                assertFalse(sub[0].isAlive());
            });
            assertEquals(List.of("w@0", "w@0"), starts);
        }
    }
}
