package io.shrapnel.examples.worms;

import io.shrapnel.kernel.Coro;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A worm: a head and a tail of at most {@code length} cells, moving one cell at a time in its own
 * coro. It goes straight, turns now and then or when something is ahead, and when boxed in on all
 * sides it is stunned for a while (its tail drawn as '*') before trying again.
 *
 * <p>Threading: confined to the arena's loop.
 */
final class Worm {
    static final Duration STUN = Duration.ofSeconds(5);
    // up, down, left, right
    private static final int[] DX = {0, 0, -1, 1};
    private static final int[] DY = {-1, 1, 0, 0};

    private final Arena arena;
    private final char name;
    private final Duration speed;
    private final ArrayDeque<Pos> tail = new ArrayDeque<>();
    private Pos head;
    private int dir;
    private int length;
    private boolean stunned;
    private boolean dead;

    Worm(Arena arena, Pos head, char name, int length, Duration speed) {
        this.arena = arena;
        this.head = head;
        this.name = name;
        this.length = length;
        this.speed = speed;
        this.dir = arena.random.nextInt(4);
    }

    /** The worm's coro: a step every {@code speed} until it is killed. */
    void go() {
        while (!dead) {
            Coro.sleep(speed);
            if (!dead && !step()) {
                stun();
            }
        }
    }

    /** One move (or a turn in place); false if the worm is boxed in. */
    boolean step() {
        if (arena.random.nextInt(20) == 0) {
            return turn();
        }
        Pos next = ahead();
        if (!arena.isFree(next)) {
            if (!turn()) {
                return false;
            }
            next = ahead();
        }
        move(next);
        return true;
    }

    /** Faces a free direction at random; false if there is none. */
    boolean turn() {
        int[] free = new int[4];
        int n = 0;
        for (int d = 0; d < 4; d++) {
            if (arena.isFree(new Pos(head.x() + DX[d], head.y() + DY[d]))) {
                free[n++] = d;
            }
        }
        if (n == 0) {
            return false;
        }
        dir = free[arena.random.nextInt(n)];
        return true;
    }

    /** The head moves to {@code next}; the end of the tail goes once the worm is longer than its length. */
    void move(Pos next) {
        tail.addLast(head);
        head = next;
        arena.draw(next, name);
        while (tail.size() > length) {
            arena.erase(tail.removeFirst());
        }
    }

    /** Draws the whole worm (when it is born). */
    void draw() {
        arena.draw(head, name);
        tail.forEach(p -> arena.draw(p, name));
    }

    private void stun() {
        stunned = true;
        tail.forEach(p -> arena.draw(p, '*'));
        Coro.sleep(STUN);
        stunned = false;
    }

    /** Takes the worm out of the arena; its coro ends at its next wake-up. */
    void kill() {
        dead = true;
        arena.erase(head);
        tail.forEach(arena::erase);
        tail.clear();
    }

    void lengthen() {
        length++;
    }

    boolean isStunned() {
        return stunned;
    }

    Pos head() {
        return head;
    }

    int tailLength() {
        return tail.size();
    }

    Pos ahead() {
        return new Pos(head.x() + DX[dir], head.y() + DY[dir]);
    }
}
