package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A coro's own mailbox: timed receives that find a message, timers, ownership. */
@ExtendWith(CoroTestExtension.class)
class InboxTest {
    @Test
    void timedReceivesByTypeAndByPredicateReturnTheMessageTheyFind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                in.self().tell(1);
                in.self().tell("two");
                in.self().tell(3);
                assertEquals(Optional.of("two"), in.receive(String.class, Duration.ofSeconds(1)));
                assertEquals(Optional.of(3), in.receive(m -> m.equals(3), Duration.ofSeconds(1)));
                assertEquals(Optional.of(1), in.receive(Duration.ofSeconds(1)));
                assertEquals(0, in.depth());
            });
        }
    }

    @Test
    void aTimedReceiveWaitsTheWholeTimeoutToTheNanosecond() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                long t0 = Coro.now();
                assertTrue(in.receive(Duration.ofMillis(1500)).isEmpty());
                assertEquals(1_500_000_000L, Coro.now() - t0);
                t0 = Coro.now();
                assertTrue(in.receive(String.class, Duration.ofNanos(2_000_000_123L)).isEmpty());
                assertEquals(2_000_000_123L, Coro.now() - t0);
            });
        }
    }

    @Test
    void aMessageArrivingJustBeforeTheDeadlineIsReceived() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                ActorRef<Object> me = in.self();
                Coro.spawn(() -> {
                    Coro.sleep(Duration.ofMillis(1400));
                    me.tell("late but in time");
                });
                assertEquals(Optional.of("late but in time"), in.receive(String.class, Duration.ofMillis(1500)));
            });
        }
    }

    @Test
    void aReceiveCutShortByATimeoutLeavesNoWaiterBehind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(10), () -> in.receive()));
                in.self().tell("after");
                assertEquals(0, Actors.stats(in.self()).wakeups(), "nobody was waiting: no wakeup");
                assertEquals("after", in.receive());
            });
        }
    }

    @Test
    void onlyTheOwnerMayReceiveInAnyForm() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                Coro other = Coro.spawn(() -> {
                    assertThrows(IllegalStateException.class, () -> in.receive(String.class, Duration.ofSeconds(1)));
                    assertThrows(IllegalStateException.class, () -> in.receive(m -> true, Duration.ofSeconds(1)));
                    assertThrows(IllegalStateException.class, () -> in.receive(String.class));
                    assertThrows(IllegalStateException.class, in::receive);
                });
                other.join();
            });
        }
    }

    @Test
    void aCancelledTimerSendsNothingAndTheContextNamesItsLoop() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Inbox<Object> in = Actors.inbox();
                assertSame(loop.scheduler(), in.loop());
                Scheduler.Cancellable timer = in.scheduleOnce(Duration.ofSeconds(1), "tick");
                timer.cancel();
                assertTrue(in.receive(Duration.ofSeconds(2)).isEmpty());
                in.scheduleOnce(Duration.ofSeconds(1), "tock");
                assertEquals(Optional.of("tock"), in.receive(Duration.ofSeconds(2)));
            });
        }
    }
}
