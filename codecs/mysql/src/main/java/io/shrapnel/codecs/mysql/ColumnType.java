package io.shrapnel.codecs.mysql;

/** The column types of the protocol (the byte in a column definition), by their protocol numbers. */
public enum ColumnType {
    DECIMAL(0), TINY(1), SHORT(2), LONG(3), FLOAT(4), DOUBLE(5), NULL(6), TIMESTAMP(7), LONGLONG(8), INT24(9),
    DATE(10), TIME(11), DATETIME(12), YEAR(13), NEWDATE(14), VARCHAR(15), BIT(16), JSON(245), NEWDECIMAL(246),
    ENUM(247), SET(248), TINY_BLOB(249), MEDIUM_BLOB(250), LONG_BLOB(251), BLOB(252), VAR_STRING(253), STRING(254),
    GEOMETRY(255);

    private static final ColumnType[] BY_CODE = new ColumnType[256];

    static {
        for (ColumnType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    ColumnType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a protocol number; null for a number no server sends. */
    public static ColumnType of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
