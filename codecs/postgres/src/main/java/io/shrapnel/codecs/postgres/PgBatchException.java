package io.shrapnel.codecs.postgres;

/**
 * The server refused an entry of a {@link PgBatch} (or its statement, which fails every entry): the
 * batch was undone as one transaction (or, inside {@code BEGIN}, the transaction is aborted).
 * {@link #entry()} says which; the server's fields are in {@link #notice()}.
 */
public final class PgBatchException extends PgException {
    private final int entry;
    private final int size;

    PgBatchException(PgNotice notice, int entry, int size) {
        super((entry < 0 ? "the statement of a batch of " + size + " failed"
                : "batch entry " + entry + " (of " + size + ") failed") + ", nothing of the batch is kept: " + notice,
                notice);
        this.entry = entry;
        this.size = size;
    }

    /** The index of the entry the server refused, or -1 if the statement itself failed (Parse, Describe). */
    public int entry() {
        return entry;
    }

    /** How many entries the batch had. */
    public int batchSize() {
        return size;
    }
}
