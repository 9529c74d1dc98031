package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class RegistryTest {
    private static ActorRef<String> idle(String name) {
        return Actors.spawn(name, (Inbox<String> in) -> in.receive());
    }

    @Test
    void namesAreListedSortedAndReleasedByUnregister() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> b = idle("b");
                ActorRef<String> a = idle("a");
                Registry.register("reg-test-b", b);
                Registry.register("reg-test-a", a);
                assertEquals(List.of("reg-test-a", "reg-test-b"),
                        Registry.names().stream().filter(n -> n.startsWith("reg-test-")).toList());
                assertTrue(Registry.unregister("reg-test-a"));
                assertFalse(Registry.unregister("reg-test-a"), "a name already released");
                assertFalse(Registry.unregister("reg-test-never"));
                assertTrue(Registry.whereis("reg-test-a").isEmpty());
                assertFalse(Registry.names().contains("reg-test-a"));
                assertSame(b, Registry.whereis("reg-test-b").orElseThrow());

                // released: the actor may take another name, and the old name another actor
                Registry.register("reg-test-a2", a);
                Registry.register("reg-test-a", idle("c"));
                assertSame(a, Registry.whereis("reg-test-a2").orElseThrow());
                assertThrows(IllegalStateException.class, () -> Registry.register("reg-test-other", a));
                Registry.register("reg-test-a2", a); // the name it already has: no change

                for (String n : List.of("reg-test-a", "reg-test-a2", "reg-test-b")) {
                    Registry.<String>whereis(n).orElseThrow().tell("bye");
                }
                Coro.sleep(Duration.ofMillis(1));
                assertTrue(Registry.names().stream().noneMatch(n -> n.startsWith("reg-test-")));
            });
        }
    }

    @Test
    void anEmptyNameIsRefused() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> a = idle("a");
                assertThrows(IllegalArgumentException.class, () -> Registry.register("", a));
                assertThrows(IllegalArgumentException.class, () -> Registry.register(null, a));
                a.tell("bye");
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }

    @Test
    void unregisteringANameThenExitingLeavesTheNameToItsNewHolder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> first = idle("first");
                ActorRef<String> second = idle("second");
                Registry.register("reg-test-svc", first);
                assertTrue(Registry.unregister("reg-test-svc"));
                Registry.register("reg-test-svc", second);
                first.tell("bye");
                Coro.sleep(Duration.ofMillis(1));
                assertSame(second, Registry.whereis("reg-test-svc").orElseThrow(),
                        "the first actor's exit must not release a name it no longer holds");
                second.tell("bye");
                Coro.sleep(Duration.ofMillis(1));
                assertTrue(Registry.whereis("reg-test-svc").isEmpty());
            });
        }
    }
}
