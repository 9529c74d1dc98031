package io.shrapnel.examples.worms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WormTest {
    private static Worm worm(Arena arena, int x, int y, int length) {
        return new Worm(arena, new Pos(x, y), 'w', length, Duration.ofMillis(20));
    }

    @Test
    void theArenaHasAWallAroundIt() {
        Arena a = new Arena(5, 3, new Random(1));
        assertEquals("+===+", a.row(0));
        assertEquals("|   |", a.row(1));
        assertEquals("+===+", a.row(2));
        assertTrue(a.isFree(new Pos(1, 1)));
        assertFalse(a.isFree(new Pos(0, 1)));
        assertEquals("an arena is at least 3 x 3, not 2 x 9",
                assertThrows(IllegalArgumentException.class, () -> new Arena(2, 9, new Random())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Arena(9, 2, new Random()));
    }

    @Test
    void drawsReachEveryViewUntilItStopsWatching() {
        Arena a = new Arena(5, 4, new Random(1));
        List<String> seen = new ArrayList<>();
        Arena.Painter p = (pos, c) -> seen.add(pos.x() + "," + pos.y() + "=" + c);
        a.watch(p);
        a.draw(new Pos(2, 1), 'x');
        a.erase(new Pos(2, 1));
        a.unwatch(p);
        a.draw(new Pos(3, 2), 'y');
        assertEquals(List.of("2,1=x", "2,1= "), seen);
        assertEquals('y', a.at(new Pos(3, 2)));
    }

    @Test
    void aWormMovesAheadAndKeepsItsLength() {
        Arena a = new Arena(20, 3, new Random(3));
        Worm w = worm(a, 1, 1, 3);
        w.draw();
        for (int i = 0; i < 15; i++) {
            assertTrue(w.step());
            assertTrue(w.tailLength() <= 3);
        }
        assertEquals(3, w.tailLength());
        long cells = a.row(1).chars().filter(c -> c == 'w').count();
        assertEquals(4, cells, a.row(1)); // head and three of tail; the rest erased
        w.lengthen();
        for (int i = 0; i < 3; i++) {
            w.step();
        }
        assertEquals(4, w.tailLength());
        w.kill();
        assertEquals("|                  |", a.row(1));
    }

    @Test
    void aBoxedInWormCannotMoveAndOnlyTurnsToFreeCells() {
        Arena a = new Arena(3, 3, new Random(5));
        Worm w = worm(a, 1, 1, 2);
        assertFalse(w.turn());
        assertFalse(w.step() && w.step() && w.step() && w.step() && w.step());
        Arena corridor = new Arena(3, 5, new Random(5)); // one column: only up or down
        Worm v = worm(corridor, 1, 2, 2);
        for (int i = 0; i < 20; i++) {
            assertTrue(v.turn());
            assertEquals(1, v.ahead().x());
        }
    }

    @Test
    void culledWormsAreTheStunnedOnes() {
        Arena a = new Arena(10, 10, new Random(9));
        assertEquals(0, a.cull());
        assertEquals(0, a.wormCount());
        Arena full = new Arena(3, 3, new Random(9));
        full.draw(new Pos(1, 1), 'x');
        assertNull(full.randomFree());
        assertEquals(0, full.populate(3));
    }
}
