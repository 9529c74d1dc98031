package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-connection statement cache: least recently used out, each evicted statement handed back once. */
class StatementCacheTest {
    private static PreparedStatement ps(String sql, long id) {
        return new PreparedStatement(sql, id, 0, List.of());
    }

    @Test
    void eachEvictedStatementIsHandedBackOnce() {
        StatementCache cache = new StatementCache(1);
        PreparedStatement a = ps("a", 1);
        PreparedStatement b = ps("b", 2);
        PreparedStatement c = ps("c", 3);
        assertEquals(List.of(), cache.put(a));
        assertEquals(List.of(a), cache.put(b));
        assertEquals(List.of(b), cache.put(c), "a was closed already: not again");
        assertNull(cache.get("a"));
        assertEquals(c, cache.get("c"));
        assertEquals(1, cache.size());
    }

    @Test
    void aCacheOfSizeZeroKeepsNothing() {
        StatementCache off = new StatementCache(0);
        PreparedStatement a = ps("a", 1);
        assertEquals(List.of(a), off.put(a));
        assertNull(off.get("a"));
    }
}
