package io.shrapnel.codecs.mysql;

import io.shrapnel.codecs.mysql.internal.Authenticator;
import io.shrapnel.codecs.mysql.internal.BulkEncoder;
import io.shrapnel.codecs.mysql.internal.Capabilities;
import io.shrapnel.codecs.mysql.internal.ColumnCodec;
import io.shrapnel.codecs.mysql.internal.Credentials;
import io.shrapnel.codecs.mysql.internal.ExecuteEncoder;
import io.shrapnel.codecs.mysql.internal.Handshake;
import io.shrapnel.codecs.mysql.internal.PacketChannel;
import io.shrapnel.codecs.mysql.internal.PacketReader;
import io.shrapnel.codecs.mysql.internal.PacketWriter;
import io.shrapnel.codecs.mysql.internal.Packets;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.net.Conn;
import io.shrapnel.net.StreamSock;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsSock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to a MySQL or MariaDB server, used from coros: every call parks the calling coro
 * (never the loop) until the server answers.
 *
 * <pre>{@code
 * try (MySqlConnection db = MySqlConnection.connect(config)) {
 *     db.update("INSERT INTO t (name) VALUES ('x')");
 *     List<Row> rows = db.execute("SELECT id, name FROM t WHERE id > ?", 10).rows();
 *     db.stream("SELECT * FROM big", row -> process(row));       // row by row, nothing kept
 *     db.inTransaction(tx -> tx.update("UPDATE ..."));           // ROLLBACK if the body throws
 * }
 * }</pre>
 *
 * <p>A command whose coro is interrupted or times out ({@code Coro.withTimeout}) while the server
 * works is cancelled with {@code KILL QUERY} from a second connection; the rest of its response is
 * read away and the connection stays usable. A protocol error or a broken socket closes it.
 *
 * <p>Threading: one command at a time, from coros of one loop; {@link #close()} from anywhere.
 * A second coro calling while a command runs gets an {@link IllegalStateException}.
 */
public final class MySqlConnection implements Closeable {
    private static final int COM_QUIT = 0x01;
    private static final int COM_QUERY = 0x03;
    private static final int COM_PING = 0x0E;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_CLOSE = 0x19;
    private static final int COM_RESET_CONNECTION = 0x1F;

    private final MySqlConfig config;
    private final PacketChannel ch;
    private final Handshake handshake;
    private final long capabilities;
    private final StatementCache statements;
    private int status;
    private boolean busy;
    /** A command was sent and its response is not read to the end: the connection is out of step if it fails now. */
    private boolean pending;
    private volatile boolean closed;

    private MySqlConnection(MySqlConfig config, PacketChannel ch, Handshake handshake, long capabilities) {
        this.config = config;
        this.ch = ch;
        this.handshake = handshake;
        this.capabilities = capabilities;
        this.statements = new StatementCache(config.statementCacheSize);
        this.status = handshake.status();
    }

    /** Connects and logs in; must run in a coro. Bounded by the config's connect timeout. */
    public static MySqlConnection connect(MySqlConfig config) throws IOException {
        try {
            return Coro.withTimeout(config.connectTimeout, () -> open(config));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static MySqlConnection open(MySqlConfig config) throws IOException {
        TcpSock sock = TcpSock.create();
        sock.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // one request, one segment, no Nagle wait
        PacketChannel ch = new PacketChannel(sock, config.maxPacketSize);
        try {
            sock.connect(config.host, config.port);
            byte[] greeting = ch.read();
            if (Packets.isErr(greeting)) {
                throw Packets.err(greeting); // e.g. too many connections, host blocked
            }
            Handshake hs = Handshake.decode(greeting);
            long caps = Authenticator.login(ch, hs,
                    new Credentials(config.user, config.password, config.database, config.allowPublicKeyRetrieval),
                    tlsUpgrade(config));
            return new MySqlConnection(config, ch, hs, caps);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    private static Authenticator.TlsUpgrade tlsUpgrade(MySqlConfig config) {
        if (config.tlsMode == MySqlConfig.TlsMode.DISABLED) {
            return null;
        }
        return new Authenticator.TlsUpgrade() {
            @Override
            public Conn upgrade(Conn plain) throws IOException {
                TlsSock tls = TlsSock.client((StreamSock<?>) plain, config.tls, config.serverName);
                tls.handshake();
                return tls;
            }

            @Override
            public boolean required() {
                return config.tlsMode == MySqlConfig.TlsMode.REQUIRED;
            }
        };
    }

    /** The server's id for this connection (what {@code KILL} takes). */
    public long connectionId() {
        return handshake.connectionId();
    }

    public String serverVersion() {
        return handshake.serverVersion();
    }

    /** Whether TLS protects this connection. */
    public boolean isSecure() {
        return ch.conn() instanceof TlsSock;
    }

    /** Whether the server says a transaction is open (from the last OK packet's status). */
    public boolean inTransactionNow() {
        return (status & Capabilities.STATUS_IN_TRANS) != 0;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Capabilities both sides agreed on (bits of the protocol's capability flags). */
    long capabilities() {
        return capabilities;
    }

    private boolean deprecateEof() {
        return (capabilities & Capabilities.DEPRECATE_EOF) != 0;
    }

    // ---- commands ----------------------------------------------------------------------------

    /**
     * Runs SQL text (COM_QUERY) and returns the first result; more statements separated by
     * {@code ;} are allowed, see {@link #queryAll}.
     */
    public QueryResult query(String sql) throws IOException {
        return queryAll(sql).getFirst();
    }

    /** Runs SQL text that may hold several statements; one result per statement, in order. */
    public List<QueryResult> queryAll(String sql) throws IOException {
        return run(new ResultReader(ch, deprecateEof(), false, null), queryPacket(sql));
    }

    /** Runs a statement that changes rows; returns how many (the OK packet's affected rows). */
    public long update(String sql) throws IOException {
        return query(sql).affectedRows();
    }

    /** Runs SQL text and hands its rows to {@code handler} one by one as they arrive; nothing is kept. */
    public void stream(String sql, RowHandler handler) throws IOException {
        run(new ResultReader(ch, deprecateEof(), false, handler), queryPacket(sql));
    }

    /** Prepares (or takes from the cache) and runs {@code sql} with {@code params} in the binary protocol. */
    public QueryResult execute(String sql, Object... params) throws IOException {
        return withStatement(sql, ps -> execute(ps, params));
    }

    /** {@link #execute(String, Object...)} with the rows streamed to {@code handler}. */
    public void stream(String sql, RowHandler handler, Object... params) throws IOException {
        withStatement(sql, ps -> run(new ResultReader(ch, deprecateEof(), true, handler), executePacket(ps, params)));
    }

    public QueryResult execute(PreparedStatement ps, Object... params) throws IOException {
        return run(new ResultReader(ch, deprecateEof(), true, null), executePacket(ps, params)).getFirst();
    }

    /**
     * Runs {@code sql} once per parameter row, pipelined: a window of executions is sent before
     * their answers are read, so a batch costs a few round trips instead of one per row. Returns the
     * affected rows of each; if some failed, the others still ran and the first error is thrown.
     */
    public long[] executeBatch(String sql, List<Object[]> rows) throws IOException {
        return withStatement(sql, ps -> pipelined(ps, rows));
    }

    /**
     * Runs {@code sql} (an INSERT, UPDATE, DELETE or REPLACE with parameters) once per parameter row
     * and returns the affected rows summed. On MariaDB 10.2+ the rows go in MariaDB's
     * COM_STMT_BULK_EXECUTE (the parameter types once, then the values; about 1 MiB per command, one
     * OK for all of them); on servers without it ({@link #bulkSupported()} false: MySQL, a statement
     * without parameters) the executions are pipelined as {@link #executeBatch}. A server error is
     * thrown as a {@link MySqlException}; which rows stay then depends on the path: a bulk command
     * is one statement (on InnoDB none of its rows stays, earlier commands of a batch over 1 MiB do,
     * later ones are not sent), pipelined executions all run but the failing ones. Use
     * {@link #inTransaction} to get all or nothing.
     */
    public long executeBulk(String sql, List<Object[]> rows) throws IOException {
        if (rows.isEmpty()) {
            return 0;
        }
        return withStatement(sql, ps -> {
            for (Object[] row : rows) {
                checkParameterCount(ps, row);
            }
            if (!bulkSupported() || ps.parameterCount() == 0) {
                return sumOfPipelined(ps, rows);
            }
            long affected = 0;
            for (int from = 0; from < rows.size(); ) {
                BulkEncoder.Chunk chunk = BulkEncoder.encode(ps.id(), rows, from, BULK_BYTES);
                affected += run(new ResultReader(ch, deprecateEof(), true, null), chunk.payload()).getFirst().affectedRows();
                from += chunk.rows();
            }
            return affected;
        });
    }

    /** Payload size after which a bulk command is cut (well under the server's default max_allowed_packet of 16 MB). */
    private static final int BULK_BYTES = 1 << 20;

    /** Whether the server takes MariaDB's COM_STMT_BULK_EXECUTE (agreed at login), used by {@link #executeBulk}. */
    public boolean bulkSupported() {
        return (capabilities & Capabilities.STMT_BULK_OPERATIONS) != 0;
    }

    private long sumOfPipelined(PreparedStatement ps, List<Object[]> rows) throws IOException {
        long sum = 0;
        for (long n : pipelined(ps, rows)) {
            sum += n;
        }
        return sum;
    }

    private long[] pipelined(PreparedStatement ps, List<Object[]> rows) throws IOException {
        long[] affected = new long[rows.size()];
        MySqlException[] first = new MySqlException[1];
        for (int from = 0; from < rows.size(); from += BATCH_WINDOW) {
            pipeline(ps, rows, from, Math.min(rows.size(), from + BATCH_WINDOW), affected, first);
        }
        if (first[0] != null) {
            throw first[0];
        }
        return affected;
    }

    /** Bounded so that the answers (an OK each) never fill the socket buffers while we are still sending. */
    private static final int BATCH_WINDOW = 256;

    private void pipeline(PreparedStatement ps, List<Object[]> rows, int from, int to, long[] affected,
                          MySqlException[] first) throws IOException {
        command(() -> {
            List<byte[]> packets = new ArrayList<>(to - from);
            long bytes = 0;
            for (int i = from; i < to; i++) {
                packets.add(executePacket(ps, rows.get(i)));
                bytes += packets.getLast().length;
            }
            pending = true;
            if (bytes < PacketChannel.MAX_FRAGMENT) {
                ch.writeCommands(packets); // the window in one send
            } else {
                for (byte[] p : packets) {
                    send(p);
                }
            }
            for (int i = from; i < to; i++) {
                ch.expectSequence(1);
                ResultReader reader = new ResultReader(ch, deprecateEof(), true, null);
                try {
                    affected[i] = reader.readAll().getFirst().affectedRows();
                } catch (MySqlException e) {
                    affected[i] = -1;
                    if (first[0] == null) {
                        first[0] = e;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("unreachable: no row handler in a batch", e);
                }
            }
            pending = false;
            return null;
        });
    }

    private byte[] executePacket(PreparedStatement ps, Object[] params) {
        checkParameterCount(ps, params);
        return ExecuteEncoder.encode(ps.id(), params);
    }

    private static void checkParameterCount(PreparedStatement ps, Object[] params) {
        if (params.length != ps.parameterCount()) {
            throw new IllegalArgumentException("the statement takes " + ps.parameterCount() + " parameter(s), "
                    + params.length + " given: " + ps.sql());
        }
    }

    private interface StatementCall<T> {
        T call(PreparedStatement ps) throws IOException;
    }

    /** Runs {@code call} with the cached statement for {@code sql}, preparing it if needed. */
    private <T> T withStatement(String sql, StatementCall<T> call) throws IOException {
        PreparedStatement ps = statements.get(sql);
        if (ps != null) {
            return call.call(ps);
        }
        ps = prepare(sql);
        List<PreparedStatement> evicted = statements.put(ps); // [ps] itself when the cache is off
        try {
            return call.call(ps);
        } finally {
            for (PreparedStatement old : evicted) {
                if (isOpen() && !busy) {
                    close(old);
                }
            }
        }
    }

    /** Prepares {@code sql} on the server (COM_STMT_PREPARE), outside the cache; {@link #close(PreparedStatement)} it. */
    public PreparedStatement prepare(String sql) throws IOException {
        return command(() -> {
            send(new PacketWriter(sql.length() + 8).int1(COM_STMT_PREPARE).bytes(sql.getBytes(StandardCharsets.UTF_8)).toBytes());
            byte[] p = ch.read();
            if (Packets.isErr(p)) {
                pending = false;
                throw Packets.err(p);
            }
            PacketReader r = new PacketReader(p);
            if (r.int1() != 0) {
                throw new MySqlProtocolException("COM_STMT_PREPARE answered with 0x" + Integer.toHexString(p[0] & 0xFF));
            }
            long id = r.int4();
            int columnCount = r.int2();
            int paramCount = r.int2();
            skipDefinitions(paramCount);
            List<Column> columns = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) {
                columns.add(ColumnCodec.decode(ch.read()));
            }
            if (columnCount > 0 && !deprecateEof()) {
                ch.read();
            }
            pending = false;
            return new PreparedStatement(sql, id, paramCount, List.copyOf(columns));
        });
    }

    private void skipDefinitions(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            ch.read();
        }
        if (n > 0 && !deprecateEof()) {
            ch.read();
        }
    }

    /** Drops a prepared statement on the server (COM_STMT_CLOSE; the server does not answer). */
    public void close(PreparedStatement ps) throws IOException {
        command(() -> {
            send(new PacketWriter(5).int1(COM_STMT_CLOSE).int4(ps.id()).toBytes());
            pending = false;
            return null;
        });
    }

    /** COM_PING: checks that the server answers. */
    public void ping() throws IOException {
        simple(new byte[] {COM_PING});
    }

    /**
     * COM_RESET_CONNECTION: rolls back, drops temporary tables, user variables and prepared
     * statements (the statement cache is emptied too), keeps the login. What a pool does between users.
     */
    public void reset() throws IOException {
        simple(new byte[] {COM_RESET_CONNECTION});
        statements.clear();
    }

    private void simple(byte[] packet) throws IOException {
        command(() -> {
            send(packet);
            byte[] p = ch.read();
            pending = false;
            if (Packets.isErr(p)) {
                throw Packets.err(p);
            }
            status = Packets.ok(p).status();
            return null;
        });
    }

    /**
     * Runs {@code body} in a transaction: BEGIN, the body, COMMIT. If the body throws (an exception,
     * an interrupt, a timeout) the transaction is rolled back and what it threw comes out.
     */
    public <T, E extends Exception> T inTransaction(Transaction<T, E> body) throws IOException, E {
        update("BEGIN");
        T result;
        try {
            result = body.run(this);
        } catch (Throwable t) {
            rollbackAfter(t);
            throw t;
        }
        update("COMMIT");
        return result;
    }

    private void rollbackAfter(Throwable t) {
        if (closed) {
            return; // the server rolls back a transaction whose connection is gone
        }
        try {
            Coro.withTimeout(config.cancelTimeout, () -> update("ROLLBACK"));
        } catch (Throwable rollbackFailure) {
            t.addSuppressed(rollbackFailure);
            close();
        }
    }

    /** A transaction's body. */
    @FunctionalInterface
    public interface Transaction<T, E extends Exception> {
        T run(MySqlConnection tx) throws E;
    }

    // ---- running commands safely -------------------------------------------------------------

    private static byte[] queryPacket(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        return new PacketWriter(text.length + 1).int1(COM_QUERY).bytes(text).toBytes();
    }

    private void send(byte[] packet) throws IOException {
        pending = true;
        ch.resetSequence();
        ch.write(packet);
    }

    private List<QueryResult> run(ResultReader reader, byte[] packet) throws IOException {
        return command(() -> {
            send(packet);
            try {
                return reader.readAll();
            } catch (IOException e) {
                throw e; // the server's error (the response is complete), or a broken connection
            } catch (RuntimeException | Error e) { // an interrupt, a timeout, or the row handler
                cancel(reader, e);
                throw e;
            } catch (Exception e) { // a checked exception of the row handler
                cancel(reader, e);
                throw new IOException("the row handler failed: " + e, e);
            } finally {
                if (reader.done()) {
                    pending = false;
                    if (reader.status() >= 0) {
                        status = reader.status();
                    }
                }
            }
        });
    }

    /**
     * After an interrupt or a failing row handler mid-response: KILL QUERY from a second connection,
     * then read the rest of the response away, all within the cancel timeout; if that fails, close.
     */
    private void cancel(ResultReader reader, Throwable why) {
        if (reader.done()) {
            return;
        }
        if (why instanceof Shutdown || !config.killQueryOnInterrupt && why instanceof Interrupted) {
            close();
            return;
        }
        try {
            Coro.withTimeout(config.cancelTimeout, () -> {
                killQuery();
                reader.drain();
            });
        } catch (Throwable failed) {
            why.addSuppressed(failed);
            close();
        }
    }

    private void killQuery() throws IOException {
        MySqlConfig killer = config.toBuilder().statementCacheSize(0).connectTimeout(config.cancelTimeout).build();
        try (MySqlConnection other = connect(killer)) {
            other.update("KILL QUERY " + connectionId());
        }
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    /** One command at a time; if it fails with its response unread (I/O, protocol, interrupt), the connection is closed. */
    private <T> T command(Call<T> call) throws IOException {
        if (closed) {
            throw new IOException("the connection is closed: " + config);
        }
        if (busy) {
            throw new IllegalStateException("another coro is running a command on this connection; "
                    + "use one connection per coro (or a pool)");
        }
        busy = true;
        try {
            return call.call();
        } catch (Throwable t) {
            if (pending) {
                close(); // out of step with the server: nothing more can be read reliably
            }
            throw t;
        } finally {
            busy = false;
        }
    }

    /** Sends COM_QUIT and closes the socket. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!busy && Coro.current() != null) {
            try {
                send(new byte[] {COM_QUIT});
            } catch (IOException | RuntimeException ignored) {
                // the server may be gone already; closing the socket is what matters
            }
        }
        ch.close();
    }

    /** Closes the socket at once, without COM_QUIT; never parks (for pools and other threads). Idempotent. */
    public void abort() {
        closed = true;
        ch.close();
    }

    @Override
    public String toString() {
        return "MySqlConnection[" + config + ", id " + handshake.connectionId() + (closed ? ", closed" : "") + "]";
    }
}
