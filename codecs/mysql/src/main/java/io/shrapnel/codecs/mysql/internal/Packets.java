package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.MySqlException;
import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.nio.charset.StandardCharsets;

/** The generic response packets: OK, ERR and the old EOF. */
public final class Packets {
    private Packets() {}

    public static final int OK = 0x00;
    public static final int EOF = 0xFE;
    public static final int ERR = 0xFF;
    public static final int LOCAL_INFILE = 0xFB;

    /** An OK packet's fields (also the 0xFE-headed OK that ends a result set under DEPRECATE_EOF). */
    public record Ok(long affectedRows, long lastInsertId, int status, int warnings, String info) {
        public boolean moreResults() {
            return (status & Capabilities.STATUS_MORE_RESULTS) != 0;
        }
    }

    public static boolean isErr(byte[] p) {
        return p.length > 0 && (p[0] & 0xFF) == ERR;
    }

    /** True for an OK or EOF packet that ends a result set (0xFE and shorter than a full fragment). */
    public static boolean isEnd(byte[] p) {
        return p.length > 0 && (p[0] & 0xFF) == EOF && p.length < PacketChannel.MAX_FRAGMENT;
    }

    public static Ok ok(byte[] p) throws MySqlProtocolException {
        PacketReader r = new PacketReader(p);
        r.int1();
        long affected = r.lenencInt();
        long insertId = r.lenencInt();
        int status = r.remaining() >= 2 ? r.int2() : 0;
        int warnings = r.remaining() >= 2 ? r.int2() : 0;
        return new Ok(affected, insertId, status, warnings, r.hasRemaining() ? lenencOrRest(r) : "");
    }

    private static String lenencOrRest(PacketReader r) {
        return r.restString();
    }

    /** The end of a result set: an old EOF (5 bytes) or, with DEPRECATE_EOF, an OK with header 0xFE. */
    public static Ok end(byte[] p, boolean deprecateEof) throws MySqlProtocolException {
        if (!deprecateEof) {
            PacketReader r = new PacketReader(p);
            r.int1();
            int warnings = r.remaining() >= 2 ? r.int2() : 0;
            int status = r.remaining() >= 2 ? r.int2() : 0;
            return new Ok(0, 0, status, warnings, "");
        }
        return ok(p);
    }

    /** The server's error as an exception (ERR: code, '#', 5-char SQLSTATE, message). */
    public static MySqlException err(byte[] p) throws MySqlProtocolException {
        PacketReader r = new PacketReader(p);
        r.int1();
        int code = r.int2();
        String state = "HY000";
        if (r.hasRemaining() && r.peek() == '#') {
            r.skip(1);
            state = new String(r.bytes(5), StandardCharsets.US_ASCII);
        }
        return new MySqlException(code, state, r.restString());
    }
}
