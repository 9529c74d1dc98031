package io.shrapnel.codecs.mysql;

import java.io.IOException;

/**
 * An error the server reported (an ERR packet): its error code, SQLSTATE and message. The
 * connection is still usable afterwards unless the server closed it.
 */
public final class MySqlException extends IOException {
    private final int errorCode;
    private final String sqlState;

    public MySqlException(int errorCode, String sqlState, String message) {
        super("MySQL error " + errorCode + " (" + sqlState + "): " + message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
    }

    /** The server's error number, e.g. 1064 for a syntax error. */
    public int errorCode() {
        return errorCode;
    }

    /** The five-character SQLSTATE, e.g. "42000". */
    public String sqlState() {
        return sqlState;
    }
}
