package io.shrapnel.codecs.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one connection by SQL text, least recently used first out. Evicted
 * statements are collected for the connection to close on the server (COM_STMT_CLOSE).
 *
 * <p>Threading: the coro that owns the connection.
 */
final class StatementCache {
    private final int capacity;
    private final List<PreparedStatement> evicted = new ArrayList<>();
    private final LinkedHashMap<String, PreparedStatement> map;

    StatementCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > StatementCache.this.capacity) {
                    evicted.add(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    PreparedStatement get(String sql) {
        return map.get(sql);
    }

    /** Keeps {@code ps} (unless the cache is off); returns the statements that fell out. */
    List<PreparedStatement> put(PreparedStatement ps) {
        if (capacity == 0) {
            return List.of(ps);
        }
        map.put(ps.sql(), ps);
        List<PreparedStatement> out = List.copyOf(evicted);
        evicted.clear();
        return out;
    }

    /** Forgets everything (the server dropped the statements: COM_RESET_CONNECTION). */
    void clear() {
        map.clear();
    }

    int size() {
        return map.size();
    }
}
