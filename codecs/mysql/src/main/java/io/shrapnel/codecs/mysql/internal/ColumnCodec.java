package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.Column;
import io.shrapnel.codecs.mysql.ColumnType;
import io.shrapnel.codecs.mysql.MySqlProtocolException;

/** Decodes a column definition (Protocol::ColumnDefinition41). */
public final class ColumnCodec {
    private ColumnCodec() {}

    public static Column decode(byte[] p) throws MySqlProtocolException {
        PacketReader r = new PacketReader(p);
        r.skipLenenc(); // catalog, always "def"
        String schema = r.lenencString();
        String table = r.lenencString();
        r.skipLenenc(); // original table
        String name = r.lenencString();
        String originalName = r.lenencString();
        long fixed = r.lenencInt();
        if (fixed < 12) {
            throw new MySqlProtocolException("column definition with a fixed part of " + fixed + " bytes (12 expected)");
        }
        int collation = r.int2();
        long length = r.int4();
        int typeCode = r.int1();
        ColumnType type = ColumnType.of(typeCode);
        if (type == null) {
            throw new MySqlProtocolException("column '" + name + "' has unknown type " + typeCode);
        }
        int flags = r.int2();
        int decimals = r.int1();
        return new Column(schema, table, name, originalName, collation, length, type, flags, decimals);
    }
}
