package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Params;
import io.shrapnel.codecs.postgres.internal.Payload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements through the extended protocol, all written at once and each ended by its own Sync:
 * [Parse] Bind [Describe portal] Execute Sync. A statement seen for the first time is parsed under a
 * name and described; once its columns are known it is cached, and later runs send only Bind
 * (asking for binary results where this client decodes the type) and Execute.
 *
 * <p>Threading: the connection's owning coro, for one exchange.
 */
final class ExtendedQuery {
    private final PgConnection pg;

    /** What was sent for one statement, to read its answers. */
    private record Sent(String sql, String name, boolean parsed, StatementCache.Prepared prepared) {}

    ExtendedQuery(PgConnection pg) {
        this.pg = pg;
    }

    /** One statement, in one round trip: what {@link PgConnection#query} runs (no lists on the way). */
    RowSet one(String sql, List<Object> params) throws IOException {
        MessageWriter out = pg.out();
        StatementCache cache = pg.cache();
        closeEvicted(out, cache);
        Sent s = send(out, cache, sql, params, null);
        pg.flush(1);
        return read(s);
    }

    List<RowSet> run(List<Statement> statements) throws IOException {
        MessageWriter out = pg.out();
        StatementCache cache = pg.cache();
        closeEvicted(out, cache);
        Map<String, String> parsedNow = new HashMap<>(); // names given in this pipeline
        List<Sent> sent = new ArrayList<>(statements.size());
        for (Statement st : statements) {
            sent.add(send(out, cache, st.sql(), st.params(), parsedNow));
        }
        pg.flush(sent.size());
        List<RowSet> results = new ArrayList<>(sent.size());
        PgException first = null;
        for (Sent s : sent) {
            try {
                results.add(read(s));
            } catch (PgException e) {
                if (first == null) {
                    first = e;
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /**
     * Writes [Parse] Bind [Describe] Execute Sync for one statement. {@code parsedNow} (null for a
     * single statement) names the statements this pipeline parsed already, so a repeat binds to them.
     */
    private static Sent send(MessageWriter out, StatementCache cache, String sql, List<Object> params,
            Map<String, String> parsedNow) {
        StatementCache.Prepared p = cache.get(sql);
        String name;
        boolean parse = false;
        if (p != null) {
            name = p.name();
        } else if (parsedNow != null && parsedNow.containsKey(sql)) {
            name = parsedNow.get(sql);
        } else {
            name = cache.newName();
            parse = true;
            if (parsedNow != null && !name.isEmpty()) {
                parsedNow.put(sql, name);
            }
            parse(out, name, sql, params);
        }
        bind(out, "", name, params, p == null ? null : p.resultFormats());
        if (p == null) {
            out.begin('D').int8('P').cstring("").end();
        }
        out.begin('E').cstring("").int32(0).end();
        out.begin('S').end();
        return new Sent(sql, name, parse, p);
    }

    static void closeEvicted(MessageWriter out, StatementCache cache) {
        if (!cache.hasToClose()) {
            return;
        }
        for (String name : cache.drainToClose()) {
            out.begin('C').int8('S').cstring(name).end();
        }
    }

    static void parse(MessageWriter out, String name, String sql, List<Object> params) {
        int n = params.size();
        out.begin('P').cstring(name).cstring(sql).int16(n);
        for (int i = 0; i < n; i++) {
            out.int32(Params.typeOf(params.get(i)));
        }
        out.end();
    }

    static void bind(MessageWriter out, String portal, String name, List<Object> params, int[] resultFormats) {
        int n = params.size(); // indexed loops: no iterator per bind
        out.begin('B').cstring(portal).cstring(name).int16(n);
        for (int i = 0; i < n; i++) {
            out.int16(Params.binary(params.get(i)) ? 1 : 0);
        }
        out.int16(n);
        for (int i = 0; i < n; i++) {
            Params.write(out, params.get(i));
        }
        if (resultFormats == null) {
            out.int16(0);
        } else {
            out.int16(resultFormats.length);
            for (int f : resultFormats) {
                out.int16(f);
            }
        }
        out.end();
    }

    private RowSet read(Sent s) throws IOException {
        List<Column> columns = s.prepared() == null ? null : s.prepared().columns();
        List<Row> rows = new ArrayList<>();
        String tag = null;
        boolean parseOk = false;
        PgException error = null;
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case '1' -> parseOk = true;
                case '2', '3' -> { }
                case 'T' -> columns = Messages.rowDescription(m);
                case 'n' -> columns = List.of();
                case 'D' -> {
                    if (columns == null) {
                        throw new PgProtocolException("DataRow before RowDescription");
                    }
                    rows.add(Messages.dataRow(m, columns));
                }
                case 'C' -> tag = m.cstring();
                case 'I' -> tag = "";
                case 'E' -> {
                    if (error == null) {
                        error = new PgException(Messages.notice(m));
                    }
                }
                case 'Z' -> {
                    remember(s, parseOk, columns, error);
                    if (error != null) {
                        throw error;
                    }
                    if (tag == null) {
                        throw new PgProtocolException("ReadyForQuery without CommandComplete");
                    }
                    return new RowSet(columns == null ? List.of() : columns, rows, tag, RowSet.affected(tag));
                }
                default -> throw pg.unexpected(m, "an extended query");
            }
        }
    }

    /** Caches a statement parsed now whose columns are known; closes one that cannot be cached. */
    private void remember(Sent s, boolean parseOk, List<Column> columns, PgException error) {
        StatementCache cache = pg.cache();
        if (s.parsed() && parseOk && !s.name().isEmpty()) {
            if (columns != null) {
                cache.put(s.sql(), StatementCache.Prepared.of(s.name(), columns));
            } else {
                cache.closeLater(s.name());
            }
        }
        if (error != null && s.prepared() != null && isStale(error.sqlState())) {
            cache.invalidate(s.sql()); // the schema changed under it: prepare again next time
        }
    }

    /** 0A000: "cached plan must not change result type"; 26000: the statement is gone. */
    static boolean isStale(String sqlState) {
        return "0A000".equals(sqlState) || "26000".equals(sqlState);
    }
}
