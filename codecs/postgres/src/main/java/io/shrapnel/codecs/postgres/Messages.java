package io.shrapnel.codecs.postgres;

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

    /** DataRow: int16 count, then int32 length (-1 NULL) and bytes per column; one copy of the body. */
    static Row dataRow(Payload m, List<Column> columns) throws PgProtocolException {
        int n = m.int16();
        if (n != columns.size()) {
            throw new PgProtocolException("DataRow with " + n + " columns where the RowDescription had "
                    + columns.size());
        }
        int base = m.position();
        byte[] data = m.bytes(m.remaining());
        Payload p = new Payload('D', data, 0, data.length);
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int len = p.int32();
            if (len == -1) {
                offsets[i] = -1;
            } else if (len < 0) {
                throw new PgProtocolException("DataRow: column " + i + " has length " + len);
            } else {
                offsets[i] = p.skip(len);
                lengths[i] = len;
            }
        }
        if (p.remaining() != 0) {
            throw new PgProtocolException("DataRow: " + p.remaining() + " bytes after the last column (at " + base + ")");
        }
        return new Row(columns, data, offsets, lengths);
    }

    /** NotificationResponse: pid, channel, payload. */
    static PgNotification notification(Payload m) throws PgProtocolException {
        return new PgNotification(m.int32(), m.cstring(), m.cstring());
    }
}
