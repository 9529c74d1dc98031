package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.Bytes;
import io.shrapnel.codecs.postgres.internal.Payload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decoders of the backend messages that carry structure. Stateless. */
final class Messages {
    private Messages() {}

    /** ErrorResponse / NoticeResponse: (code byte, string)* then a 0 byte. */
    static PgNotice notice(Payload m) throws PgProtocolException {
        Map<Character, String> fields = new HashMap<>();
        for (int code = m.byte1(); code != 0; code = m.byte1()) {
            fields.put((char) code, m.cstring());
        }
        return PgNotice.of(fields);
    }

    /** RowDescription: per field name, table oid, column number, type oid, size, modifier, format. */
    static List<Column> rowDescription(Payload m) throws PgProtocolException {
        int n = m.int16();
        if (n < 0) {
            throw new PgProtocolException("RowDescription with " + n + " fields");
        }
        List<Column> cols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = m.cstring();
            m.skip(6);
            int type = m.int32();
            m.skip(6);
            int format = m.int16();
            if (format != 0 && format != 1) {
                throw new PgProtocolException("RowDescription: column " + name + " has format code " + format);
            }
            cols.add(new Column(name, type, format));
        }
        return List.copyOf(cols);
    }

    /**
     * DataRow: int16 count, then int32 length (-1 NULL) and bytes per column. One copy of the body
     * (the length prefixes included, so a row keeps only where each value starts).
     */
    static Row dataRow(Payload m, List<Column> columns) throws PgProtocolException {
        int n = m.int16();
        if (n != columns.size()) {
            throw new PgProtocolException("DataRow with " + n + " columns where the RowDescription had "
                    + columns.size());
        }
        int base = m.position();
        byte[] data = m.bytes(m.remaining());
        int[] offsets = new int[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (data.length - at < 4) {
                throw new PgProtocolException("truncated 'D' message from the server: column " + i + " of " + n
                        + " has no length (" + (data.length - at) + " bytes left)");
            }
            int len = Bytes.int32(data, at);
            at += 4;
            if (len == -1) {
                offsets[i] = -1;
            } else if (len < 0) {
                throw new PgProtocolException("DataRow: column " + i + " has length " + len);
            } else if (data.length - at < len) {
                throw new PgProtocolException("truncated 'D' message from the server: column " + i + " needs " + len
                        + " bytes, " + (data.length - at) + " left");
            } else {
                offsets[i] = at;
                at += len;
            }
        }
        if (at != data.length) {
            throw new PgProtocolException("DataRow: " + (data.length - at) + " bytes after the last column (at " + base + ")");
        }
        return new Row(columns, data, offsets);
    }

    /** NotificationResponse: pid, channel, payload. */
    static PgNotification notification(Payload m) throws PgProtocolException {
        return new PgNotification(m.int32(), m.cstring(), m.cstring());
    }
}
