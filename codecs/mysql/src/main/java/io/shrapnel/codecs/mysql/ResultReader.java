package io.shrapnel.codecs.mysql;

import io.shrapnel.codecs.mysql.internal.BinaryValues;
import io.shrapnel.codecs.mysql.internal.ColumnCodec;
import io.shrapnel.codecs.mysql.internal.PacketChannel;
import io.shrapnel.codecs.mysql.internal.PacketReader;
import io.shrapnel.codecs.mysql.internal.Packets;
import io.shrapnel.codecs.mysql.internal.TextValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the response to COM_QUERY or COM_STMT_EXECUTE: one or more results (OK packets or result
 * sets), each result set as column count, column definitions, (EOF), rows, end packet.
 *
 * <p>It is a resumable state machine: every packet is consumed and the state advanced before rows
 * go to the handler, so when a read is interrupted or the handler throws, {@link #drain()} can
 * carry on from the exact same place and read the rest away (after {@code KILL QUERY}).
 *
 * <p>Threading: the coro running the command.
 */
final class ResultReader {
    private enum Phase { FIRST, COLUMNS, COLUMNS_EOF, ROWS, DONE }

    private final PacketChannel ch;
    private final boolean deprecateEof;
    private final boolean binary;
    private RowHandler handler;
    private Phase phase = Phase.FIRST;
    private int columnsLeft;
    private List<Column> columns;
    private List<Row> rows;
    private final List<QueryResult> results = new ArrayList<>();
    private MySqlException error;
    private int status = -1;

    ResultReader(PacketChannel ch, boolean deprecateEof, boolean binary, RowHandler handler) {
        this.ch = ch;
        this.deprecateEof = deprecateEof;
        this.binary = binary;
        this.handler = handler;
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    /** The server status of the last OK or end packet; -1 if none came. */
    int status() {
        return status;
    }

    /** Reads to the end of the response; throws the server's error if it sent one. */
    List<QueryResult> readAll() throws Exception {
        while (phase != Phase.DONE) {
            step(ch.read());
        }
        if (error != null) {
            throw error;
        }
        return results;
    }

    /** Reads what is left of the response, dropping rows and errors (the connection is then ready again). */
    void drain() throws IOException {
        handler = row -> { };
        while (phase != Phase.DONE) {
            try {
                step(ch.read());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("unreachable: the draining handler throws nothing", e);
            }
        }
    }

    private void step(byte[] p) throws Exception {
        switch (phase) {
            case FIRST -> first(p);
            case COLUMNS -> {
                columns.add(ColumnCodec.decode(p));
                if (--columnsLeft == 0) {
                    phase = deprecateEof ? Phase.ROWS : Phase.COLUMNS_EOF;
                }
            }
            case COLUMNS_EOF -> {
                if (!Packets.isEnd(p)) {
                    throw new MySqlProtocolException("expected EOF after the column definitions");
                }
                phase = Phase.ROWS;
            }
            case ROWS -> row(p);
            case DONE -> throw new IllegalStateException("the response was read to its end already");
        }
    }

    private void first(byte[] p) throws Exception {
        if (p.length == 0) {
            throw new MySqlProtocolException("empty packet where a result was expected");
        }
        switch (p[0] & 0xFF) {
            case Packets.OK -> {
                Packets.Ok ok = Packets.ok(p);
                status = ok.status();
                results.add(new QueryResult(List.of(), List.of(), ok.affectedRows(), ok.lastInsertId(), ok.warnings()));
                phase = ok.moreResults() ? Phase.FIRST : Phase.DONE;
            }
            case Packets.ERR -> {
                error = Packets.err(p);
                phase = Phase.DONE;
            }
            case Packets.LOCAL_INFILE -> {
                // LOCAL INFILE is never enabled (CLIENT_LOCAL_FILES is not sent): refuse with an empty file,
                // which makes the server end the statement; the result after it reports what happened
                ch.write(new byte[0]);
                error = new MySqlException(2068, "HY000", "LOAD DATA LOCAL INFILE is refused by this client "
                        + "(the server asked for " + new String(p, 1, p.length - 1, java.nio.charset.StandardCharsets.UTF_8) + ")");
                phase = Phase.FIRST;
                drainAfterInfile();
            }
            default -> {
                long n = new PacketReader(p).lenencInt();
                if (n <= 0 || n > 4096) {
                    throw new MySqlProtocolException("result set with " + n + " columns");
                }
                columnsLeft = (int) n;
                columns = new ArrayList<>((int) n);
                rows = new ArrayList<>();
                phase = Phase.COLUMNS;
            }
        }
    }

    private void drainAfterInfile() throws IOException {
        MySqlException refused = error;
        error = null;
        drain();
        error = refused;
    }

    private void row(byte[] p) throws Exception {
        if (Packets.isErr(p)) {
            error = Packets.err(p);
            phase = Phase.DONE;
            return;
        }
        if (Packets.isEnd(p)) {
            Packets.Ok end = Packets.end(p, deprecateEof);
            status = end.status();
            results.add(new QueryResult(List.copyOf(columns), handler == null ? rows : List.of(), 0, 0, end.warnings()));
            phase = end.moreResults() ? Phase.FIRST : Phase.DONE;
            return;
        }
        Row row = new Row(columns, binary ? binaryRow(p) : textRow(p));
        if (handler == null) {
            rows.add(row);
        } else {
            handler.row(row);
        }
    }

    private Object[] textRow(byte[] p) throws MySqlProtocolException {
        PacketReader r = new PacketReader(p);
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = TextValues.decode(columns.get(i), r.lenencBytes());
        }
        if (r.hasRemaining()) {
            throw new MySqlProtocolException("text row has " + r.remaining() + " byte(s) after its last column");
        }
        return values;
    }

    private Object[] binaryRow(byte[] p) throws MySqlProtocolException {
        PacketReader r = new PacketReader(p);
        if (r.int1() != 0) {
            throw new MySqlProtocolException("binary row without its 0x00 header");
        }
        int n = columns.size();
        byte[] nulls = r.bytes((n + 7 + 2) / 8);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            int bit = i + 2;
            if ((nulls[bit / 8] & (1 << (bit % 8))) == 0) {
                values[i] = BinaryValues.decode(columns.get(i), r);
            }
        }
        if (r.hasRemaining()) {
            throw new MySqlProtocolException("binary row has " + r.remaining() + " byte(s) after its last column");
        }
        return values;
    }
}
