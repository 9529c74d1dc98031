package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class CoroLocalTest {
    /** The original's test: each coro sees only its own value, and spawned coros inherit nothing. */
    @Test
    void eachCoroSeesOnlyItsOwnValue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                CoroLocal<Integer> shared = new CoroLocal<>();
                ConditionVariable<Void> go1 = new ConditionVariable<>();
                ConditionVariable<Void> go2 = new ConditionVariable<>();
                shared.set(1);
                List<String> seen = new ArrayList<>();
                Coro t1 = Coro.spawn(() -> {
                    seen.add("t1 starts with " + shared.get());
                    go1.await();
                    seen.add("t1 after main's turn " + shared.get());
                    shared.set(2);
                    go1.await();
                    seen.add("t1 ends with " + shared.get());
                });
                Coro t2 = Coro.spawn(() -> {
                    go2.await();
                    shared.set(3);
                    go2.await();
                    seen.add("t2 ends with " + shared.get());
                });
                Coro.yieldSlice();
                go1.wakeOne();
                Coro.yieldSlice();
                assertEquals(1, shared.get());
                go2.wakeOne();
                Coro.yieldSlice();
                assertEquals(1, shared.get());
                go1.wakeOne();
                go2.wakeOne();
                Waiting.joinAll(List.of(t1, t2));
                assertEquals(1, shared.get());
                assertEquals(List.of("t1 starts with null", "t1 after main's turn null", "t1 ends with 2",
                        "t2 ends with 3"), seen);
            });
        }
    }

    @Test
    void theInitialValueIsComputedOncePerCoroAndAgainAfterRemove() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicInteger made = new AtomicInteger();
                CoroLocal<String> local = CoroLocal.withInitial(() -> "v" + made.incrementAndGet());
                assertEquals("v1", local.get());
                assertEquals("v1", local.get());
                Coro other = Coro.spawn(() -> assertEquals("v2", local.get()));
                other.join();
                local.remove();
                assertEquals("v3", local.get());
                local.set(null);
                assertNull(local.get(), "a stored null is a value, not a reason to compute the initial one");
                assertEquals(3, made.get());
            });
        }
    }

    @Test
    void manyLocalsInOneCoroKeepTheirOwnValues() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<CoroLocal<Integer>> locals = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    locals.add(new CoroLocal<>());
                }
                for (int i = 39; i >= 0; i--) {
                    locals.get(i).set(i * i);
                }
                for (int i = 0; i < 40; i++) {
                    assertEquals(i * i, locals.get(i).get());
                }
            });
        }
    }

    @Test
    void outsideACoroItSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CoroLocal<String>().get());
        assertTrue(e.getMessage().contains("must be called from inside a coro"), e.getMessage());
    }

    private static int slotOf(CoroLocal<?> local) {
        String text = local.toString();
        assertTrue(text.startsWith("CoroLocal#"), text);
        return Integer.parseInt(text.substring("CoroLocal#".length()));
    }

    @Test
    void aLocalWhoseSlotIsJustPastACorosStorageIsUnsetAndGrowsItWhenSet() throws Exception {
        // two locals in adjacent slots, the first at 3 or later: setting it sizes the coro's storage
        // to exactly its slot + 1, so the second's slot is the storage's length
        CoroLocal<String> first = new CoroLocal<>();
        while (slotOf(first) < 3) {
            first = new CoroLocal<>();
        }
        CoroLocal<String> second = CoroLocal.withInitial(() -> "initial");
        assertEquals(slotOf(first) + 1, slotOf(second));
        CoroLocal<String> a = first;
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> Coro.spawn(() -> {
                a.set("a");
                second.remove(); // nothing stored there yet
                assertEquals("initial", second.get());
                second.set("b");
                assertEquals("b", second.get());
                assertEquals("a", a.get());
            }).join());
            loop.run(() -> Coro.spawn(() -> {
                a.set("a");
                second.set("b"); // the first store past the end grows the storage
                assertEquals("b", second.get());
                second.remove();
                assertEquals("initial", second.get());
            }).join());
        }
    }
}
