package io.shrapnel.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TLS output turn: one coro at a time, handed on in order, never lost to a waiter that gave up. */
@ExtendWith(CoroTestExtension.class)
class TurnTest {
    @Test
    void theTurnIsHandedToTheWaitersInOrderAndIsNotReentrant() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Turn turn = new Turn("test turn");
                assertFalse(turn.isTaken());
                turn.take();
                assertTrue(turn.isTaken());
                IllegalStateException again = assertThrows(IllegalStateException.class, turn::take);
                assertTrue(again.getMessage().contains("already has the turn on test turn"), again.getMessage());
                List<String> order = new ArrayList<>();
                List<Coro> waiters = new ArrayList<>();
                for (String name : List.of("first", "second")) {
                    waiters.add(Coro.spawn(() -> {
                        turn.take();
                        order.add(name);
                        turn.release();
                    }));
                }
                Coro.yieldSlice(); // both wait now
                turn.release();
                assertTrue(turn.isTaken(), "handed straight to the first waiter: nobody can cut in");
                for (Coro w : waiters) {
                    w.join();
                }
                assertEquals(List.of("first", "second"), order);
                assertFalse(turn.isTaken());
            });
        }
    }

    @Test
    void aWaiterHandedTheTurnThenShutDownPassesItOn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Turn turn = new Turn("test turn");
                turn.take();
                Coro doomed = Coro.spawn(() -> {
                    turn.take();
                    turn.release();
                });
                boolean[] survivorRan = {false};
                Coro survivor = Coro.spawn(() -> {
                    turn.take();
                    survivorRan[0] = true;
                    turn.release();
                });
                Coro.yieldSlice(); // both wait now
                turn.release(); // handed to doomed, which has not run yet
                doomed.shutdown();
                Coro.withTimeout(Duration.ofSeconds(5), survivor::join);
                doomed.join();
                assertTrue(survivorRan[0]);
                assertFalse(turn.isTaken());
            });
        }
    }
}
