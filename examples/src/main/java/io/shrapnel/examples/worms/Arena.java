package io.shrapnel.examples.worms;

import io.shrapnel.kernel.Coro;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The shared arena: a grid of characters with a wall around it, the worms in it (each a coro), and
 * the views that watch it (one per telnet client). Every change of a cell goes through
 * {@link #draw}, which tells every view.
 *
 * <p>Threading: confined to one loop: the worms' coros and the clients' coros all run on it.
 */
final class Arena {
    static final char EMPTY = ' ';
    private static final String NAMES = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** Something that shows cells: a client's view. */
    interface Painter {
        void paint(Pos pos, char c);
    }

    final int width;
    final int height;
    final Random random;
    private final char[][] cells;
    private final List<Painter> painters = new ArrayList<>();
    private final List<Worm> worms = new ArrayList<>();
    private int born;

    Arena(int width, int height, Random random) {
        if (width < 3 || height < 3) {
            throw new IllegalArgumentException("an arena is at least 3 x 3, not " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.random = random;
        this.cells = new char[height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean edgeX = x == 0 || x == width - 1;
                boolean edgeY = y == 0 || y == height - 1;
                cells[y][x] = edgeX && edgeY ? '+' : edgeY ? '=' : edgeX ? '|' : EMPTY;
            }
        }
    }

    char at(Pos p) {
        return cells[p.y()][p.x()];
    }

    boolean isFree(Pos p) {
        return at(p) == EMPTY;
    }

    /** Puts {@code c} at {@code p} and shows it to every view. */
    void draw(Pos p, char c) {
        cells[p.y()][p.x()] = c;
        for (Painter painter : painters) {
            painter.paint(p, c);
        }
    }

    void erase(Pos p) {
        draw(p, EMPTY);
    }

    /** Row {@code y} as text. */
    String row(int y) {
        return new String(cells[y]);
    }

    /** A free cell at random; null if none was found in a few hundred tries (a full arena). */
    Pos randomFree() {
        for (int i = 0; i < 1000; i++) {
            Pos p = new Pos(1 + random.nextInt(width - 2), 1 + random.nextInt(height - 2));
            if (isFree(p)) {
                return p;
            }
        }
        return null;
    }

    /** Adds {@code n} worms, each in its own coro named "worm"; fewer if the arena is full. */
    int populate(int n) {
        int added = 0;
        for (int i = 0; i < n; i++) {
            Pos start = randomFree();
            if (start == null) {
                break;
            }
            char name = NAMES.charAt(born++ % NAMES.length());
            Worm w = new Worm(this, start, name, 10, Duration.ofMillis(20 + random.nextInt(21)));
            worms.add(w);
            w.draw();
            Coro.spawn("worm", w::go);
            added++;
        }
        return added;
    }

    /** Removes the stunned worms (stuck with nowhere to go); returns how many. */
    int cull() {
        List<Worm> stunned = worms.stream().filter(Worm::isStunned).toList();
        stunned.forEach(Worm::kill);
        worms.removeAll(stunned);
        return stunned.size();
    }

    /** Every worm grows one longer. */
    void lengthen() {
        worms.forEach(Worm::lengthen);
    }

    int wormCount() {
        return worms.size();
    }

    void watch(Painter p) {
        painters.add(p);
    }

    void unwatch(Painter p) {
        painters.remove(p);
    }
}
