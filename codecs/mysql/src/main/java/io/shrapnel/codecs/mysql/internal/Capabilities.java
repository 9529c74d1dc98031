package io.shrapnel.codecs.mysql.internal;

/** Capability flags of the handshake (both directions) and server status flags. */
public final class Capabilities {
    private Capabilities() {}

    public static final long LONG_PASSWORD = 1;
    public static final long FOUND_ROWS = 2;
    public static final long LONG_FLAG = 4;
    public static final long CONNECT_WITH_DB = 8;
    public static final long LOCAL_FILES = 128;
    public static final long PROTOCOL_41 = 512;
    public static final long SSL = 2048;
    public static final long TRANSACTIONS = 8192;
    public static final long SECURE_CONNECTION = 32768;
    public static final long MULTI_STATEMENTS = 1L << 16;
    public static final long MULTI_RESULTS = 1L << 17;
    public static final long PS_MULTI_RESULTS = 1L << 18;
    public static final long PLUGIN_AUTH = 1L << 19;
    public static final long PLUGIN_AUTH_LENENC_DATA = 1L << 21;
    public static final long DEPRECATE_EOF = 1L << 24;
    /**
     * MariaDB's extended capabilities (bits 32-63) travel in 4 bytes that MySQL leaves reserved, and
     * only when the server does not set {@link #LONG_PASSWORD} (which MariaDB calls CLIENT_MYSQL).
     */
    public static final long CLIENT_MYSQL = LONG_PASSWORD;
    /** MariaDB 10.2+: COM_STMT_BULK_EXECUTE. */
    public static final long STMT_BULK_OPERATIONS = 1L << 34;

    /** What this client asks for (intersected with the server's); never LOCAL_FILES. */
    public static final long WANTED = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | PROTOCOL_41 | TRANSACTIONS
            | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH
            | PLUGIN_AUTH_LENENC_DATA | DEPRECATE_EOF | STMT_BULK_OPERATIONS;

    /** What the client cannot work without. */
    public static final long REQUIRED = PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH;

    public static final int STATUS_IN_TRANS = 1;
    public static final int STATUS_MORE_RESULTS = 8;

    /** utf8mb4_general_ci: the connection's character set for everything the client sends and reads. */
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int BINARY_COLLATION = 63;
}
