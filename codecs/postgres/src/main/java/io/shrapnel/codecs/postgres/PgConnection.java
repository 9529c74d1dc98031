package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageReader;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One connection to PostgreSQL (protocol 3.0) on a coro socket: every call parks only the calling
 * coro. Simple and extended queries, prepared statements cached by SQL text, pipelines, transactions,
 * cursors, COPY, LISTEN/NOTIFY, and query cancellation when the coro is interrupted or times out.
 *
 * <pre>{@code
 * try (PgConnection db = PgConnection.connect(config)) {
 *     RowSet rs = db.query("select id, name from users where id = $1", 42);
 *     String name = rs.one().getString(1);
 *     db.inTransaction(tx -> tx.execute("update users set seen = now() where id = $1", 42));
 * }
 * }</pre>
 *
 * <p>Errors: {@link PgException} for the server's errors (the connection stays usable);
 * {@link PgProtocolException} or another {@code IOException} for a broken connection (it is closed
 * and every later call says so). If the calling coro is interrupted or its {@code withTimeout}
 * fires while a query runs, a CancelRequest goes to the server on a separate connection, the
 * connection is brought back to idle (at most 5 s, else closed), and the interrupt goes on.
 *
 * <p>Threading: one coro at a time (a second one gets an {@link IllegalStateException} naming the
 * first); use a {@link io.shrapnel.net.pool.Pool} to share connections between coros.
 */
public final class PgConnection implements AutoCloseable {
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final PgConfig config;
    private final Conn conn;
    private final MessageReader in;
    private final MessageWriter out = new MessageWriter();
    private final Map<String, String> parameters;
    private final int processId;
    private final int secretKey;
    private final StatementCache cache;
    private final String authentication;
    private char txStatus = 'I';
    private int pendingReady;   // Syncs and Queries sent whose ReadyForQuery is still to come
    private boolean syncOwed;   // extended messages sent without a Sync (an open cursor)
    private boolean copyingIn;  // in COPY FROM STDIN: a CopyFail ends it
    private boolean writing;    // an interrupt in the middle of a write leaves half a message: unrecoverable
    private final Turn turn = new Turn();
    private boolean closedByUser;
    private Throwable brokenBy;
    private ActorRef<PgNotification> notificationSink;
    private Consumer<PgNotice> noticeHandler = notice -> { };
    PgCursor openCursor;

    private PgConnection(PgConfig config, Conn conn, Startup s) {
        this.config = config;
        this.conn = conn;
        this.in = s.reader();
        this.parameters = s.parameters;
        this.processId = s.processId;
        this.secretKey = s.secretKey;
        this.cache = new StatementCache(config.statementCacheSize());
        this.authentication = s.mechanism;
    }

    /** Connects, negotiates TLS as {@link PgConfig#sslMode()} says, authenticates, within the connect timeout. */
    public static PgConnection connect(PgConfig config) throws IOException {
        if (Coro.current() == null) {
            throw new IllegalStateException("PgConnection.connect must run in a coro (it parks the coro, not the "
                    + "thread): Coro.spawn(() -> PgConnection.connect(config))");
        }
        TcpSock tcp = TcpSock.create();
        // no Nagle: the tail of a pipeline or a query written while an earlier segment is unacknowledged
        // would wait for the server's delayed ACK (pgjdbc and libpq set it too)
        tcp.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        Startup s = new Startup(config);
        try {
            Conn c = Coro.withTimeout(config.connectTimeout(), () -> {
                tcp.connect(config.host(), config.port());
                return s.run(tcp);
            });
            return new PgConnection(config, c, s);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(s.conn() != null ? s.conn() : tcp);
            throw e;
        } catch (Exception e) {
            closeQuietly(tcp);
            throw new IOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /**
     * Runs {@code sql} with the simple query protocol: one or more statements separated by
     * semicolons, no parameters, results in text. One {@link RowSet} per statement.
     */
    public List<RowSet> simpleQuery(String sql) throws IOException {
        enter("simpleQuery");
        try {
            return guarded(() -> new SimpleQuery(this).run(sql));
        } finally {
            exit();
        }
    }

    /** Runs one statement with parameters ({@code $1, $2...}) through the extended protocol. */
    public RowSet query(String sql, Object... params) throws IOException {
        List<Object> values = Arrays.asList(params); // read only while this call runs: no copy needed
        enter("query");
        try {
            return guarded(() -> new ExtendedQuery(this).one(sql, values));
        } finally {
            exit();
        }
    }

    /** {@link #query} for statements whose rows you do not need; returns the count of rows affected. */
    public long execute(String sql, Object... params) throws IOException {
        return query(sql, params).rowsAffected();
    }

    /**
     * Sends every statement in one write and reads all the results in one round trip. Each statement
     * has its own Sync, so a failing one does not abort the others (outside a transaction); the first
     * failure is thrown after every result was read.
     */
    public List<RowSet> pipeline(List<Statement> statements) throws IOException {
        enter("pipeline");
        try {
            return guarded(() -> new ExtendedQuery(this).run(statements));
        } finally {
            exit();
        }
    }

    /**
     * A batch of {@code sql} (one statement with {@code $1, $2...}): add entries, then
     * {@link PgBatch#run() run} them in one exchange and one transaction, as JDBC's {@code executeBatch}.
     */
    public PgBatch batch(String sql) {
        return new PgBatch(this, sql);
    }

    long[] runBatch(String sql, List<Object[]> entries) throws IOException {
        enter("batch");
        try {
            if (entries.isEmpty()) {
                return new long[0];
            }
            return guarded(() -> new BatchQuery(this).run(sql, entries));
        } finally {
            exit();
        }
    }

    /**
     * A server-side cursor: rows arrive {@code fetchSize} at a time as you call {@link PgCursor#next()},
     * never all at once. The connection serves only this cursor until it is closed.
     */
    public PgCursor cursor(String sql, int fetchSize, Object... params) throws IOException {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be at least 1, not " + fetchSize);
        }
        enter("cursor");
        boolean opened = false;
        try {
            PgCursor c = guarded(() -> PgCursor.open(this, sql, fetchSize, params));
            openCursor = c;
            opened = true;
            return c;
        } finally {
            if (!opened) {
                exit();
            }
        }
    }

    /** COPY ... FROM STDIN: streams {@code data} to the server; returns the rows copied. */
    public long copyIn(String sql, InputStream data) throws IOException {
        enter("copyIn");
        try {
            return guarded(() -> new Copy(this).in(sql, data));
        } finally {
            exit();
        }
    }

    /** COPY ... TO STDOUT: streams the server's data into {@code sink}; returns the rows copied. */
    public long copyOut(String sql, OutputStream sink) throws IOException {
        enter("copyOut");
        try {
            return guarded(() -> new Copy(this).out(sql, sink));
        } finally {
            exit();
        }
    }

    /** What {@link #inTransaction} runs. */
    @FunctionalInterface
    public interface TxWork<T, E extends Exception> {
        T apply(PgConnection tx) throws E;
    }

    /**
     * BEGIN, {@code work}, COMMIT; ROLLBACK instead if {@code work} throws anything (cancellation
     * included) or an error of the server aborted the transaction on the way.
     */
    public <T, E extends Exception> T inTransaction(TxWork<T, E> work) throws IOException, E {
        enter("inTransaction");
        try {
            simpleQuery("BEGIN");
            T result;
            try {
                result = work.apply(this);
            } catch (Throwable t) {
                rollbackAfter(t);
                throw t;
            }
            if (txStatus == 'E') {
                PgProtocolException aborted = new PgProtocolException("the transaction was aborted by an error inside "
                        + "inTransaction that the work caught; rolled back instead of committing");
                rollbackAfter(aborted);
                throw aborted;
            }
            simpleQuery("COMMIT");
            return result;
        } finally {
            exit();
        }
    }

    private void rollbackAfter(Throwable cause) {
        if (isUsable() && txStatus != 'I') {
            try {
                simpleQuery("ROLLBACK");
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // LISTEN / NOTIFY and notices

    /** Sends notifications (from now on) to {@code sink}; they arrive while this connection reads. */
    public void notifications(ActorRef<PgNotification> sink) {
        this.notificationSink = sink;
    }

    /** LISTEN on {@code channel} (quoted: any name is safe). */
    public void listen(String channel) throws IOException {
        simpleQuery("LISTEN " + quoteIdentifier(channel));
    }

    public void unlisten(String channel) throws IOException {
        simpleQuery("UNLISTEN " + quoteIdentifier(channel));
    }

    /**
     * Reads the connection while it is idle, delivering notifications to the sink, until the
     * connection is closed (then returns) or the coro is interrupted. For a listener coro:
     * {@code Coro.spawn(() -> db.awaitNotifications())}.
     */
    public void awaitNotifications() throws IOException {
        enter("awaitNotifications");
        try {
            while (true) {
                Payload m;
                try {
                    m = next();
                } catch (io.shrapnel.kernel.ClosedError closed) {
                    return;
                }
                throw fail(new PgProtocolException("unexpected '" + m.type() + "' message while idle"));
            }
        } catch (IOException e) {
            if (closedByUser) {
                return;
            }
            throw fail(e);
        } finally {
            exit();
        }
    }

    /** Receives NoticeResponses (warnings, RAISE NOTICE); by default they are dropped. */
    public void onNotice(Consumer<PgNotice> handler) {
        this.noticeHandler = handler == null ? notice -> { } : handler;
    }

    static String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain NUL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    // ---------------------------------------------------------------------------------------------
    // State

    /** The server's parameters (server_version, TimeZone, ...), as last reported. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    public int processId() {
        return processId;
    }

    /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (as the last ReadyForQuery said). */
    public char transactionStatus() {
        return txStatus;
    }

    public boolean isClosed() {
        return closedByUser || brokenBy != null;
    }

    /** Whether an earlier failure closed the connection. */
    public boolean isBroken() {
        return brokenBy != null;
    }

    /** Whether the TLS layer is in use. */
    public boolean isTls() {
        return conn instanceof io.shrapnel.net.TlsSock;
    }

    /** How the server authenticated us: SCRAM-SHA-256-PLUS, SCRAM-SHA-256, md5, password or trust. */
    public String authentication() {
        return authentication;
    }

    public PgConfig config() {
        return config;
    }

    int cachedStatements() {
        return cache.size();
    }

    /**
     * Sends a CancelRequest for whatever this connection runs now, on a connection of its own.
     * Any coro of the loop may call it (it does not touch this connection's socket).
     */
    public void cancel() throws IOException {
        try (TcpSock side = TcpSock.create()) {
            side.connect(config.host(), config.port());
            MessageWriter w = new MessageWriter();
            w.beginUntyped().int32(80877102).int32(processId).int32(secretKey).end();
            side.sendAll(w.buffer());
            side.recv(1); // the server closes it when done; waiting keeps the cancel ahead of our next query
        }
    }

    /** Sends Terminate and closes. Idempotent. */
    @Override
    public void close() {
        if (closedByUser) {
            return;
        }
        closedByUser = true;
        if (brokenBy == null && !turn.taken() && Coro.current() != null) {
            try {
                out.clear();
                conn.sendAll(out.begin('X').end().buffer());
            } catch (IOException | RuntimeException goodbyeLost) {
                // closing anyway
            }
        }
        closeQuietly(conn);
    }

    /** For the pool: closes the socket without a goodbye (never parks). */
    void closeSocket() {
        closedByUser = true;
        closeQuietly(conn);
    }

    /** For the pool: back to a clean state, or an IOException if the connection cannot be reused. */
    void reset() throws IOException {
        if (brokenBy != null) {
            throw new PgProtocolException("connection broken: " + brokenBy, brokenBy);
        }
        if (closedByUser) {
            throw new PgProtocolException("connection closed");
        }
        if (turn.taken()) {
            throw new IllegalStateException("a connection was given back to the pool while " + turn.owner()
                    + " still uses it (a cursor left open?); close cursors before closing the lease");
        }
        if (txStatus != 'I') {
            simpleQuery("ROLLBACK");
        }
    }

    @Override
    public String toString() {
        return "PgConnection[" + config + " pid=" + processId + (isClosed() ? " closed" : "") + "]";
    }

    private boolean isUsable() {
        return !closedByUser && brokenBy == null;
    }

    private static void closeQuietly(Conn c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Machinery shared by SimpleQuery, ExtendedQuery, PgCursor and Copy

    MessageWriter out() {
        return out;
    }

    StatementCache cache() {
        return cache;
    }

    void setSyncOwed(boolean owed) {
        this.syncOwed = owed;
    }

    void setCopyingIn(boolean on) {
        this.copyingIn = on;
    }

    /** Sends what {@link #out()} holds; {@code syncs} is how many ReadyForQuery it will bring. */
    void flush(int syncs) throws IOException {
        pendingReady += syncs;
        writing = true;
        conn.sendAll(out.buffer());
        writing = false;
        out.clear();
    }

    /**
     * Starts sending what {@link #out()} holds from a coro of its own, so the caller can read the
     * answers meanwhile; {@code syncs} is how many ReadyForQuery it will bring. A failed write
     * breaks the connection (the reader then fails too).
     */
    Coro flushBehind(int syncs) {
        pendingReady += syncs;
        writing = true;
        return Coro.spawn("pg-writer-" + processId, this::writeBehind);
    }

    /** The body of {@link #flushBehind}'s coro. */
    private void writeBehind() {
        try {
            conn.sendAll(out.buffer());
            writing = false;
            out.clear();
        } catch (Throwable t) {
            fail(t); // the reader then fails too; later calls name t as what broke the connection
        }
    }

    /** The next message, after handling the asynchronous ones (notices, notifications, parameters). */
    Payload next() throws IOException {
        while (true) {
            Payload m = in.next();
            switch (m.type()) {
                case 'N' -> noticeHandler.accept(Messages.notice(m));
                case 'A' -> {
                    PgNotification n = Messages.notification(m);
                    if (notificationSink != null) {
                        notificationSink.tell(n);
                    }
                }
                case 'S' -> parameters.put(m.cstring(), m.cstring());
                case 'E' -> {
                    // FATAL/PANIC: the server closes the session right after; say why, not "closed mid-result"
                    PgNotice n = Messages.notice(new Payload('E', m.array(), m.position(), m.remaining()));
                    if (isFatal(n)) {
                        throw new PgException(n);
                    }
                    return m;
                }
                case 'Z' -> {
                    pendingReady--;
                    int status = m.byte1();
                    if (status != 'I' && status != 'T' && status != 'E') {
                        throw new PgProtocolException("ReadyForQuery with transaction status " + status);
                    }
                    txStatus = (char) status;
                    return m;
                }
                default -> {
                    return m;
                }
            }
        }
    }

    PgProtocolException unexpected(Payload m, String during) {
        return new PgProtocolException("unexpected '" + m.type() + "' message from the server during " + during
                + "; closing the connection");
    }

    /** The body of every operation: a broken exchange closes the connection; an interrupt cancels the query. */
    <T> T guarded(Exchange<T> body) throws IOException {
        try {
            return body.run();
        } catch (PgException e) {
            if (isFatal(e.notice())) {
                fail(e);
            }
            throw e;
        } catch (PgProtocolException e) {
            throw fail(e);
        } catch (IOException e) {
            if (pendingReady > 0 || syncOwed || copyingIn || writing) {
                throw fail(e);
            }
            throw e; // not the connection's (a COPY source failed): the exchange ended cleanly
        } catch (Interrupted stop) {
            recover(stop);
            throw stop;
        } catch (RuntimeException e) {
            if (pendingReady > 0 || syncOwed) {
                fail(e);
            }
            out.clear();
            throw e;
        }
    }

    /** FATAL or PANIC (by the unlocalized 'V' field, or 'S' from servers before 9.6): the session ends. */
    static boolean isFatal(PgNotice n) {
        String severity = n.severityName() != null ? n.severityName() : n.severity();
        return "FATAL".equals(severity) || "PANIC".equals(severity);
    }

    @FunctionalInterface
    interface Exchange<T> {
        T run() throws IOException;
    }

    /** Marks the connection broken, closes it; returns {@code e} (an IOException) to throw. */
    IOException fail(Throwable e) {
        if (brokenBy == null) {
            brokenBy = e;
        }
        closeQuietly(conn);
        return e instanceof IOException io ? io : new PgProtocolException("connection failed: " + e, e);
    }

    /** After an interrupt mid-query: cancel it and read up to idle, or give the connection up. */
    private void recover(Interrupted stop) {
        if (brokenBy != null || closedByUser || (pendingReady == 0 && !syncOwed)) {
            return;
        }
        if (writing || stop instanceof Shutdown) {
            fail(stop);
            return;
        }
        try {
            Coro.withTimeout(CANCEL_GRACE, () -> {
                cancel();
                drain();
            });
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Reads and drops everything up to the last ReadyForQuery owed, ending a COPY or a cursor first. */
    void drain() throws IOException {
        out.clear();
        if (copyingIn) {
            out.begin('f').cstring("canceled by the client").end();
            copyingIn = false;
        }
        int syncs = 0;
        if (syncOwed) {
            out.begin('S').end();
            syncOwed = false;
            syncs = 1;
        }
        if (!out.isEmpty()) {
            flush(syncs);
        }
        while (pendingReady > 0) {
            next();
        }
        if (openCursor != null) {
            openCursor.abandoned();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One coro at a time

    void enter(String operation) throws IOException {
        if (closedByUser) {
            throw new IllegalStateException("PgConnection." + operation + " on a closed connection; connect again "
                    + "or take a connection from a Pool");
        }
        if (brokenBy != null) {
            throw new PgProtocolException("PgConnection." + operation + " on a connection that broke earlier ("
                    + brokenBy + "); connect again or take a connection from a Pool", brokenBy);
        }
        boolean cursorHolds = openCursor != null && turn.taken();
        turn.take(operation);
        if (cursorHolds && !operation.startsWith("cursor.")) {
            turn.give();
            throw new IllegalStateException("PgConnection." + operation + " while a cursor is open on this "
                    + "connection; close the cursor first (try-with-resources)");
        }
    }

    void exit() {
        turn.give();
    }
}
