package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Supervisors at their limits: the edge of the intensity window, children that will not stop, a dying parent. */
@ExtendWith(CoroTestExtension.class)
class SupervisorLimitsTest {
    private final List<String> crashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void expectCrashes() {
        Coro.setExceptionNotifier((coro, error) -> crashes.add(coro.name() + ": " + error.getClass().getSimpleName()));
    }

    /** A child that crashes on "crash", returns on "exit", and ignores being stopped if {@code stubborn}. */
    private static ChildSpec child(String id, boolean stubborn) {
        return ChildSpec.permanent(id, () -> Actors.spawn(id, (Inbox<String> in) -> {
            while (true) {
                try {
                    switch (in.receive()) {
                        case "crash" -> throw new IllegalStateException(id + " crashed");
                        case "exit" -> {
                            return;
                        }
                        default -> { }
                    }
                } catch (Shutdown ignored) {
                    if (!stubborn) {
                        throw ignored;
                    }
                }
            }
        }));
    }

    private static ActorRef<String> running(Supervisor sup, String id) {
        return sup.<String>child(id).orElseThrow();
    }

    private static Down downOf(ActorRef<?> actor) {
        Inbox<Object> in = Actors.inbox();
        in.monitor(actor, d -> d);
        return in.receive(Down.class);
    }

    /** Two crashes {@code apart}, with at most one restart allowed per second: does the supervisor survive? */
    private boolean survivesTwoCrashes(Duration apart) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            return loop.call(() -> {
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne()
                        .intensity(1, Duration.ofSeconds(1)).child(child("w", false)));
                running(sup, "w").tell("crash");
                long first = Coro.now();
                Coro.sleep(Duration.ofMillis(1));
                Coro.sleep(apart.minusNanos(Coro.now() - first));
                running(sup, "w").tell("crash");
                Coro.sleep(Duration.ofMillis(1));
                boolean alive = sup.isAlive();
                if (alive) {
                    assertEquals(2, sup.restarts());
                    sup.stop();
                } else {
                    assertInstanceOf(SupervisorGaveUp.class, downOf(sup.ref()).reason());
                }
                Coro.sleep(Duration.ofMillis(1));
                return alive;
            });
        }
    }

    @Test
    void aRestartExactlyOneWindowAgoStillCountsAgainstTheIntensity() throws Exception {
        assertFalse(survivesTwoCrashes(Duration.ofSeconds(1)));
    }

    @Test
    void aRestartMoreThanOneWindowAgoNoLongerCounts() throws Exception {
        assertTrue(survivesTwoCrashes(Duration.ofSeconds(1).plusNanos(1)));
    }

    @Test
    void aChildThatIgnoresItsStopIsReportedLeftBehindAndUnlinked() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForAll().shutdownTimeout(Duration.ofMillis(100))
                        .child(child("stubborn", true)).child(child("fragile", false)));
                ActorRef<String> oldStubborn = running(sup, "stubborn");
                long t0 = Coro.now();
                running(sup, "fragile").tell("crash");
                Coro.sleep(Duration.ofMillis(1)); // the supervisor is now stopping "stubborn"
                ActorRef<String> newStubborn = running(sup, "stubborn"); // answered once the restart is done
                assertEquals(100_000_000L, Coro.now() - t0, "the supervisor waited the whole shutdown timeout");
                assertNotSame(oldStubborn, newStubborn);
                assertTrue(oldStubborn.isAlive(), "left behind");

                oldStubborn.tell("crash"); // unlinked: its crash is no business of the supervisor any more
                Coro.sleep(Duration.ofMillis(1));
                assertTrue(sup.isAlive());
                assertEquals(2, sup.restarts());

                sup.stop();
                Coro.sleep(Duration.ofMillis(200));
                assertFalse(sup.isAlive());
                newStubborn.tell("exit");
                Coro.sleep(Duration.ofMillis(1));
            });
        } finally {
            System.setErr(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("supervisor sup: child 'stubborn' (") && out.contains(") did not exit within PT0.1S of being stopped; left behind"), out);
    }

    @Test
    void aSupervisorDiesWithALinkedParentThatCrashesAndTakesItsChildrenAlong() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne().child(child("w", false)));
                ActorRef<String> w = running(sup, "w");
                ActorRef<String> parent = Actors.spawn("parent", (Inbox<String> in) -> {
                    in.link(sup.ref());
                    in.receive();
                    throw new IllegalStateException("parent crashed");
                });
                Coro.sleep(Duration.ofMillis(1));
                parent.tell("go");
                ActorExit exit = assertInstanceOf(ActorExit.class, downOf(sup.ref()).reason());
                assertEquals(parent, exit.from());
                assertInstanceOf(Shutdown.class, downOf(w).reason());
            });
        }
    }

    @Test
    void aLinkedParentThatReturnsNormallyLeavesTheSupervisorRunning() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne().child(child("w", false)));
                ActorRef<String> parent = Actors.spawn("parent", (Inbox<String> in) -> {
                    in.link(sup.ref());
                    in.receive();
                });
                Coro.sleep(Duration.ofMillis(1));
                parent.tell("go");
                Coro.sleep(Duration.ofMillis(1));
                assertFalse(parent.isAlive());
                assertTrue(sup.isAlive());
                assertTrue(running(sup, "w").isAlive());
                assertEquals("Supervisor" + sup.ref(), sup.toString());
                sup.stop();
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }
}
