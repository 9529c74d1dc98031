package io.shrapnel.codecs.postgres;

/**
 * The server answered with an ErrorResponse. The connection stays usable (unless the severity is
 * FATAL or PANIC, after which the server closes it); a transaction in progress is aborted until
 * rolled back. All the server's fields are in {@link #notice()}.
 */
public class PgException extends java.io.IOException {
    private final transient PgNotice notice;

    public PgException(PgNotice notice) {
        super(notice.toString());
        this.notice = notice;
    }

    /** For subclasses that say more than the server's fields ({@link PgBatchException}). */
    PgException(String message, PgNotice notice) {
        super(message);
        this.notice = notice;
    }

    public PgNotice notice() {
        return notice;
    }

    /** The SQLSTATE, e.g. {@code 23505} (unique_violation), {@code 57014} (query_canceled). */
    public String sqlState() {
        return notice.sqlState();
    }
}
