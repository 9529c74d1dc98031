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

class TimerHeapTest {
    @Test
    void timersWithEqualDeadlinesComeOutInTheOrderTheyWentIn() {
        TimerHeap heap = new TimerHeap();
        List<NamedTimer> in = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            NamedTimer t = new NamedTimer(i);
            in.add(t);
            heap.add(t, 7);
        }
        for (NamedTimer t : in) {
            assertSame(t, heap.pollDue(7));
        }
        assertNull(heap.pollDue(Long.MAX_VALUE));
    }

    @Test
    void nothingIsDueBeforeItsDeadline() {
        TimerHeap heap = new TimerHeap();
        NamedTimer t = new NamedTimer(1);
        heap.add(t, 100);
        assertNull(heap.pollDue(99));
        assertSame(t, heap.pollDue(100));
        assertFalse(t.isQueued());
    }

    @Test
    void aQueuedTimerCannotBeAddedTwiceAndARemovedOneIsGone() {
        TimerHeap heap = new TimerHeap();
        NamedTimer t = new NamedTimer(1);
        heap.add(t, 5);
        assertThrows(IllegalStateException.class, () -> heap.add(t, 6));
        assertTrue(heap.remove(t));
        assertFalse(heap.remove(t));
        assertTrue(heap.isEmpty());
    }

    /** Random adds, cancels and polls checked against a sorted set, with duplicates and wrap-around. */
    @Test
    void randomAddsCancelsAndPollsMatchASortedReference() {
        SplittableRandom random = new SplittableRandom(20261126);
        TimerHeap heap = new TimerHeap();
        TreeSet<NamedTimer> reference = new TreeSet<>(Comparator.<NamedTimer>comparingLong(t -> t.deadline - Long.MAX_VALUE / 2)
                .thenComparingLong(t -> t.sequence));
        List<NamedTimer> queued = new ArrayList<>();
        long now = Long.MAX_VALUE - 50_000; // deadlines wrap past Long.MAX_VALUE, as nanoTime may
        int ids = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) {
                NamedTimer t = new NamedTimer(ids++);
                heap.add(t, now + random.nextLong(random.nextBoolean() ? 50 : 100_000));
                reference.add(t);
                queued.add(t);
            } else if (op < 7 && !queued.isEmpty()) {
                NamedTimer t = queued.remove(random.nextInt(queued.size()));
                assertEquals(t.isQueued(), reference.remove(t));
                heap.remove(t);
                assertFalse(t.isQueued());
            } else {
                now += random.nextLong(200);
                Timer due;
                while ((due = heap.pollDue(now)) != null) {
                    assertSame(reference.pollFirst(), due);
                }
                assertTrue(reference.isEmpty() || reference.first().deadline - now > 0);
            }
            assertEquals(reference.size(), heap.size());
            assertSame(reference.isEmpty() ? null : reference.first(), heap.peek());
        }
    }
}
