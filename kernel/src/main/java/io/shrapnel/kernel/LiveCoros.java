package io.shrapnel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live coros of one loop (started and not dead), for {@code whereAll}, {@code eventMap}, the
 * test extension's leak check and the statistics: an intrusive doubly linked list through
 * {@link Coro#liveNext}/{@link Coro#livePrev}, newest first, O(1) to add and remove.
 *
 * <p>Threading: {@link #link} and {@link #unlink} run on the loop. Diagnostics read the list from any
 * thread without a lock: an unlinked coro keeps its {@code liveNext}, so a reader standing on it can
 * walk on, and entries it meets that died meanwhile are skipped (see {@link #isLinked}). Such a
 * reader may miss a coro linked after it started or list one that is just dying, never loop or fail.
 */
final class LiveCoros {
    private Coro head;
    private int count;

    void link(Coro c) {
        c.liveNext = head;
        c.livePrev = null;
        if (head != null) {
            head.livePrev = c;
        }
        head = c;
        count++;
    }

    void unlink(Coro c) {
        if (!isLinked(c)) {
            return;
        }
        if (c.livePrev == null) {
            head = c.liveNext;
        } else {
            c.livePrev.liveNext = c.liveNext;
        }
        if (c.liveNext != null) {
            c.liveNext.livePrev = c.livePrev;
        }
        // liveNext is kept so that a reader on another thread walking past c can carry on.
        c.livePrev = c;
        count--;
    }

    /** True while {@code c} is in the list: a coro not in it is its own {@code livePrev} (no flag to pay for). */
    static boolean isLinked(Coro c) {
        return c.livePrev != c;
    }

    int size() {
        return count;
    }

    List<Coro> list() {
        List<Coro> out = new ArrayList<>(Math.max(0, count));
        for (Coro c = head; c != null; c = c.liveNext) {
            if (isLinked(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Each live coro with where it is blocked; {@code running} is the one the loop runs now. */
    List<CoroInfo> whereAll(Coro running) {
        List<CoroInfo> out = new ArrayList<>();
        for (Coro c : list()) {
            out.add(CoroInfo.of(c, c == running));
        }
        return out;
    }

    /** Adds each waited event and its waiting coros to {@code out} (for {@code Coro.eventMap()}). */
    void collectEvents(Map<Object, List<Coro>> out) {
        for (Coro c : list()) {
            Object b = c.blocker;
            if (b != null && c.state == Coro.State.WAITING) {
                out.computeIfAbsent(b, k -> new ArrayList<>(1)).add(c);
            }
        }
    }
}
