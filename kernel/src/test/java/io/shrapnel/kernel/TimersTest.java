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

    /** A default wheel whose horizon follows a clock that reads 0. */
    private static Timers startedAtZero() {
        Timers timers = new Timers();
        timers.pollDue(0);
        return timers;
    }

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
        Timers timers = startedAtZero();
        NamedTimer early = new NamedTimer(1);
        NamedTimer late = new NamedTimer(2);
        timers.add(late, 10_000 * MS); // beyond one turn of the wheel
        timers.add(early, 300 * MS);
        assertEquals(2, timers.size());
        assertNull(timers.pollDue(300 * MS - 1));
        assertEquals(300 * MS, timers.nextCheck()); // near now: exact
        assertSame(early, timers.pollDue(300 * MS));
        assertTrue(timers.remove(late));
        assertFalse(late.isQueued());
        assertFalse(timers.remove(late));
        assertTrue(timers.isEmpty());
    }

    @Test
    void aLoopJumpingFromCheckToCheckFiresEveryTimerAtExactlyItsDeadline() {
        Timers timers = new Timers(4, 8); // 16 ns buckets, 128 ns around
        timers.pollDue(0);
        SplittableRandom random = new SplittableRandom(7);
        TreeSet<NamedTimer> reference = new TreeSet<>(Comparator.<NamedTimer>comparingLong(t -> t.deadline)
                .thenComparingLong(t -> t.sequence));
        for (int i = 0; i < 2_000; i++) {
            NamedTimer t = new NamedTimer(i);
            timers.add(t, 1 + random.nextLong(random.nextBoolean() ? 100 : 20_000)); // up to ~150 turns away
            reference.add(t);
        }
        long now = 0;
        int checks = 0;
        while (!timers.isEmpty()) {
            long check = timers.nextCheck();
            assertTrue(check - reference.first().deadline <= 0, "a check after the earliest deadline");
            now = Math.max(now, check); // what the loop does on virtual time
            checks++;
            Timer due;
            while ((due = timers.pollDue(now)) != null) {
                assertSame(reference.pollFirst(), due);
                assertEquals(now, due.deadline);
            }
        }
        assertTrue(reference.isEmpty());
        assertTrue(checks < 2_000 + 20_000 / 128 * 8, "checks: " + checks);
    }

    @Test
    void withOnlyFarTimersTheCheckIsABucketStartAndNoTimerMoves() {
        Timers timers = startedAtZero();
        List<NamedTimer> far = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            NamedTimer t = new NamedTimer(i);
            far.add(t);
            timers.add(t, 300_000 * MS + i); // five minutes away (many turns), all in one bucket
        }
        // The check is that bucket's start in the current turn, found from the bitmap: no timer is
        // sorted or brought near for it (an idle loop asks this before every sleep).
        long check = timers.nextCheck();
        assertEquals((300_000 * MS) % (4096L << 20) & -(1L << 20), check % (4096L << 20));
        assertTrue(far.stream().allMatch(Timers::isInWheel));
        assertNull(timers.pollDue(check));
        assertEquals(100_000, timers.size());
    }

    @Test
    void aBucketEmptiedByCancellingIsNoLongerAReasonToWake() {
        Timers timers = startedAtZero();
        NamedTimer sooner = new NamedTimer(1);
        NamedTimer later = new NamedTimer(2);
        timers.add(sooner, 100 * MS);
        timers.add(later, 200 * MS);
        assertEquals(100 * MS & -(1L << 20), timers.nextCheck());
        assertTrue(timers.remove(sooner));
        assertEquals(200 * MS & -(1L << 20), timers.nextCheck());
    }

    @Test
    void aQueuedTimerCannotBeAddedTwice() {
        Timers timers = new Timers();
        NamedTimer t = new NamedTimer(1);
        timers.add(t, 5_000 * MS);
        assertThrows(IllegalStateException.class, () -> timers.add(t, 6));
    }

    /**
     * Random adds (due now, soon, within a turn of the wheel and beyond it), cancels, polls, checks
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
                    if (!reference.isEmpty()) {
                        assertTrue(timers.nextCheck() - reference.first().deadline <= 0);
                    }
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

    /**
     * A loop far behind (a second of timers due at once) gets them a bucket at a time: only one
     * bucket's timers are sorted in the heap at any moment, and they still come out in order.
     */
    @Test
    void aLoopThatFellBehindSortsOneBucketAtATime() {
        // from 0, and from where System.nanoTime() reads on a machine up for 15 hours
        for (long start : new long[] {0, 54_000_000_000_000L}) {
            aLoopThatFellBehindSortsOneBucketAtATime(start);
        }
    }

    private static void aLoopThatFellBehindSortsOneBucketAtATime(long start) {
        Timers timers = new Timers();
        timers.pollDue(start);
        long width = 1L << 20;
        long base = (start & -width) + width;
        List<NamedTimer> in = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            for (int i = 99; i >= 0; i--) { // added latest first within each bucket
                NamedTimer t = new NamedTimer(b * 100 + i);
                timers.add(t, base + (b + 1) * width + i);
                in.add(t);
            }
        }
        in.sort(Comparator.comparingLong(t -> t.deadline));
        long now = base + 50 * width; // every one of them is due
        for (int k = 0; k < in.size(); k++) {
            assertSame(in.get(k), timers.pollDue(now));
            assertEquals(99 - k % 100, timers.nearSize(), "sorted in the heap after " + (k + 1) + " polls");
        }
        assertNull(timers.pollDue(now));
        assertTrue(timers.isEmpty());
    }

    @Test
    void cancellingFromTheMiddleOfABucketKeepsTheOthersAndTheirOrder() {
        Timers timers = startedAtZero();
        List<NamedTimer> kept = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            NamedTimer t = new NamedTimer(i);
            timers.add(t, 3 * MS + i * 7 % 1_000); // one bucket, deadlines out of order
            if (i % 3 == 1) {
                assertTrue(Timers.isInWheel(t));
                assertTrue(timers.remove(t));
                assertFalse(t.isQueued());
            } else {
                kept.add(t);
            }
        }
        // and some after the bucket filled: the last slot, the first, one in the middle
        for (NamedTimer t : List.of(kept.removeLast(), kept.removeFirst(), kept.remove(300))) {
            assertTrue(timers.remove(t));
            assertFalse(timers.remove(t));
        }
        assertEquals(kept.size(), timers.size());
        kept.sort(Comparator.<NamedTimer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.sequence));
        for (NamedTimer t : kept) {
            assertSame(t, timers.pollDue(5 * MS));
        }
        assertTrue(timers.isEmpty());
    }

    @Test
    void anEmptiedBucketDropsArraysThatGrewAndKeepsASmallOne() {
        Timers timers = startedAtZero();
        int bucket = (int) ((1_000 * MS) >> 20) & 4095;
        List<NamedTimer> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            NamedTimer t = new NamedTimer(i);
            timers.add(t, 1_000 * MS + i);
            many.add(t);
        }
        assertEquals(128, timers.bucketCapacity(bucket));
        many.forEach(timers::remove);
        assertEquals(0, timers.bucketCapacity(bucket), "a hundred timers' arrays kept for an empty bucket");
        NamedTimer one = new NamedTimer(1);
        timers.add(one, 1_000 * MS);
        assertEquals(8, timers.bucketCapacity(bucket));
        timers.remove(one);
        assertEquals(8, timers.bucketCapacity(bucket), "the first arrays are kept for the next timer");
        NamedTimer two = new NamedTimer(2);
        timers.add(two, 1_000 * MS + 5);
        assertSame(two, timers.pollDue(1_001 * MS)); // brought near: the bucket empties that way too
        assertEquals(8, timers.bucketCapacity(bucket));
        assertEquals(1_000 * MS + 5, two.deadline);
    }

    @Test
    void aBucketBroughtNearKeepsNoReferenceToItsTimersAndDropsArraysThatGrew() {
        Timers timers = startedAtZero();
        int small = (int) ((100 * MS) >> 20) & 4095;
        int big = (int) ((200 * MS) >> 20) & 4095;
        for (int i = 0; i < 3; i++) {
            timers.add(new NamedTimer(i), 100 * MS + i);
        }
        for (int i = 0; i < 100; i++) {
            timers.add(new NamedTimer(i), 200 * MS + i);
        }
        assertEquals(3, timers.bucketReferences(small));
        for (int i = 0; i < 3; i++) {
            assertEquals(100 * MS + i, timers.pollDue(150 * MS).deadline);
        }
        // the fired timers are not held by the bucket's array, which is kept (8 slots) for the next
        assertEquals(8, timers.bucketCapacity(small));
        assertEquals(0, timers.bucketReferences(small));
        assertEquals(100, timers.bucketReferences(big));
        for (int i = 0; i < 100; i++) {
            assertEquals(200 * MS + i, timers.pollDue(250 * MS).deadline);
        }
        assertEquals(0, timers.bucketCapacity(big), "a hundred timers' arrays kept for a bucket emptied by polling");
        // and an emptied bucket is no longer a reason to wake
        NamedTimer later = new NamedTimer(9);
        timers.add(later, 3_000 * MS);
        assertEquals(3_000 * MS & -(1L << 20), timers.nextCheck());
    }
}
