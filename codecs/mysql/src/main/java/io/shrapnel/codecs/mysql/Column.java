package io.shrapnel.codecs.mysql;

import java.nio.charset.Charset;

/**
 * One column of a result: its names, type, flags, and the collation its text arrives in
 * ({@link #charset()}; collation 63 is binary, read as {@code byte[]}).
 */
public record Column(String schema, String table, String name, String originalName, int collation, long length,
                     ColumnType type, int flags, int decimals) {
    public static final int FLAG_NOT_NULL = 1;
    public static final int FLAG_UNSIGNED = 32;
    public static final int FLAG_BINARY = 128;

    public boolean unsigned() {
        return (flags & FLAG_UNSIGNED) != 0;
    }

    public boolean binary() {
        return collation == 63;
    }

    /** The Java charset of the column's collation (UTF-8 for the utf8 families and anything unknown). */
    public Charset charset() {
        return io.shrapnel.codecs.mysql.internal.Collations.charset(collation);
    }
}
