package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.Oid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one connection, by SQL text, least recently used evicted first. An
 * evicted statement is closed on the server with the next request (its Close rides along).
 *
 * <p>Threading: confined to the connection's owning coro.
 */
final class StatementCache {
    /** A statement prepared on the server, with the result columns in the formats we ask for. */
    record Prepared(String name, List<Column> columns, int[] resultFormats) {
        static Prepared of(String name, List<Column> described) {
            List<Column> cols = new ArrayList<>(described.size());
            int[] formats = new int[described.size()];
            for (int i = 0; i < formats.length; i++) {
                Column c = described.get(i);
                formats[i] = Oid.binaryResult(c.typeOid()) ? 1 : 0;
                cols.add(new Column(c.name(), c.typeOid(), formats[i]));
            }
            return new Prepared(name, List.copyOf(cols), formats);
        }
    }

    private final int capacity;
    private final List<String> toClose = new ArrayList<>();
    private final Map<String, Prepared> bySql;
    private long counter;

    StatementCache(int capacity) {
        this.capacity = capacity;
        this.bySql = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
                if (size() > StatementCache.this.capacity) {
                    toClose.add(eldest.getValue().name());
                    return true;
                }
                return false;
            }
        };
    }

    boolean enabled() {
        return capacity > 0;
    }

    Prepared get(String sql) {
        return bySql.get(sql);
    }

    /** A fresh server-side name ("" when caching is off: the unnamed statement). */
    String newName() {
        return capacity > 0 ? "shrapnel_" + (++counter) : "";
    }

    void put(String sql, Prepared p) {
        bySql.put(sql, p);
    }

    /** Forgets {@code sql} (e.g. its result type changed) and closes its statement with the next request. */
    void invalidate(String sql) {
        Prepared p = bySql.remove(sql);
        if (p != null) {
            toClose.add(p.name());
        }
    }

    void closeLater(String name) {
        if (!name.isEmpty()) {
            toClose.add(name);
        }
    }

    /** The names to close with the next request; the list is emptied. */
    /** Whether statements wait to be closed (cheaper than draining an empty list on every query). */
    boolean hasToClose() {
        return !toClose.isEmpty();
    }

    List<String> drainToClose() {
        if (toClose.isEmpty()) {
            return List.of();
        }
        List<String> out = List.copyOf(toClose);
        toClose.clear();
        return out;
    }

    /** Everything is gone on the server (DISCARD ALL, a new session): forget it all. */
    void clear() {
        bySql.clear();
        toClose.clear();
    }

    int size() {
        return bySql.size();
    }
}
