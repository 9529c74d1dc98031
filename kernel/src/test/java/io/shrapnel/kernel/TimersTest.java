package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The near heap plus far wheel behaves as one queue ordered by deadline, then by order of adding. */
class TimersTest {
    private static final long MS = 1_000_000;

    @Test
    void equalDeadlinesFarAndNearComeOutInTheOrderTheyWentIn() {
        Timers timers = new Timers();
        List<NamedTimer> in = new ArrayList<>();
        long now = 5 * MS;
        timers.pollDue(now); // the horizon follows the clock
        for (int i = 0; i < 100; i++) {
            NamedTimer t = new NamedTimer(i);
            in.add(t);
            timers.add(t, now + 2_000 * MS); // in the wheel
            if (i == 50) {
                now += 1_000 * MS; // half of them added later, while the clock has moved on
                assertNull(timers.pollDue(now));
            }
        }
        for (NamedTimer t : in) {
            assertSame(t, timers.pollDue(now + 2_000 * MS));
        }
        assertTrue(timers.isEmpty());
    }

    @Test
    void aTimerInTheWheelIsNotDueBeforeItsDeadlineAndIsCancelledInPlace() {
        Timers timers = new Timers();
        timers.pollDue(0);
        NamedTimer early = new NamedTimer(1);
        NamedTimer late = new NamedTimer(2);
        timers.add(late, 10_000 * MS); // beyond one turn of the wheel
        timers.add(early, 300 * MS);
        assertEquals(2, timers.size());
        assertNull(timers.pollDue(300 * MS - 1));
        assertSame(early, timers.peek());
        assertSame(early, timers.pollDue(300 * MS));
        assertTrue(timers.remove(late));
        assertFalse(late.isQueued());
        assertFalse(timers.remove(late));
        assertNull(timers.peek());
        assertTrue(timers.isEmpty());
    }

    @Test
    void peekFindsTheEarliestTimerMoreThanATurnAway() {
        Timers timers = new Timers(4, 8); // 16 ns buckets, 128 ns around
        timers.pollDue(0);
        NamedTimer far = new NamedTimer(1);
        NamedTimer farther = new NamedTimer(2);
        timers.add(farther, 100_000);
        timers.add(far, 5_000);
        assertSame(far, timers.peek());
        assertNull(timers.pollDue(4_999));
        assertSame(far, timers.pollDue(5_000));
        assertSame(farther, timers.peek());
        assertSame(farther, timers.pollDue(1_000_000));
    }

    @Test
    void aQueuedTimerCannotBeAddedTwice() {
        Timers timers = new Timers();
        NamedTimer t = new NamedTimer(1);
        timers.add(t, 5_000 * MS);
        assertThrows(IllegalStateException.class, () -> timers.add(t, 6));
    }

    /**
     * Random adds (due now, soon, within a turn of the wheel and beyond it), cancels, polls, peeks
     * and clock jumps of more than a turn, on a small wheel, checked against a sorted set; the clock
     * wraps past Long.MAX_VALUE as nanoTime may.
     */
    @Test
    void randomAddsCancelsPollsAndJumpsMatchASortedReference() {
        for (long start : new long[] {0, Long.MAX_VALUE - 40_000, -7_777}) {
            SplittableRandom random = new SplittableRandom(20261126 + start);
            Timers timers = new Timers(6, 16); // 64 ns buckets, 1,024 ns around
            TreeSet<NamedTimer> reference = new TreeSet<>(Comparator.<NamedTimer>comparingLong(t -> t.deadline - start)
                    .thenComparingLong(t -> t.sequence));
            List<NamedTimer> queued = new ArrayList<>();
            long now = start;
            int ids = 0;
            for (int step = 0; step < 200_000; step++) {
                int op = random.nextInt(20);
                if (op < 9) {
                    NamedTimer t = new NamedTimer(ids++);
                    long delay = switch (random.nextInt(4)) {
                        case 0 -> random.nextLong(-50, 50);   // overdue or in the current bucket
                        case 1 -> random.nextLong(1_000);     // within a turn
                        case 2 -> random.nextLong(10_000);    // several turns away
                        default -> 64 * random.nextLong(3);   // on bucket edges, with equal deadlines
                    };
                    timers.add(t, now + delay);
                    reference.add(t);
                    queued.add(t);
                } else if (op < 14 && !queued.isEmpty()) {
                    NamedTimer t = queued.remove(random.nextInt(queued.size()));
                    assertEquals(reference.remove(t), timers.remove(t));
                    assertFalse(t.isQueued());
                } else if (op < 15) {
                    assertSame(reference.isEmpty() ? null : reference.first(), timers.peek());
                } else {
                    now += op == 15 ? random.nextLong(5_000) : random.nextLong(100);
                    Timer due;
                    while ((due = timers.pollDue(now)) != null) {
                        assertSame(reference.pollFirst(), due);
                        queued.remove(due);
                    }
                    assertTrue(reference.isEmpty() || reference.first().deadline - now > 0);
                }
                assertEquals(reference.size(), timers.size());
            }
        }
    }
}
