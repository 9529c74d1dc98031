package io.shrapnel.net.pool;

/**
 * One coro's use of one pooled connection, from {@link Pool#acquire()} to {@link #close()}.
 * Use it in try-with-resources; call {@link #discard()} instead when you know the connection is
 * broken (the pool also finds out by itself: {@link Connector#reset} fails on a broken one).
 *
 * <pre>{@code
 * try (Lease<PgConnection> lease = pool.acquire()) {
 *     lease.connection().query("select 1");
 * }   // back to the pool, reset to a clean state
 * }</pre>
 *
 * <p>Threading: the coro that acquired it (any coro of the pool's loop may close it).
 *
 * @param <C> the connection type
 */
public final class Lease<C> implements AutoCloseable {
    private final Pool<C> pool;
    private final Pool.Entry<C> entry;
    private boolean released;

    Lease(Pool<C> pool, Pool.Entry<C> entry) {
        this.pool = pool;
        this.entry = entry;
    }

    /** The connection, while this lease holds it. */
    public C connection() {
        if (released) {
            throw new IllegalStateException("this lease of pool " + pool.name() + " was already given back; "
                    + "acquire a new lease instead of keeping the connection past close()");
        }
        return entry.connection;
    }

    /** Gives the connection back to the pool, which resets it. Idempotent. */
    @Override
    public void close() {
        if (!released) {
            pool.checkReleasing();
            released = true;
            pool.release(entry, true);
        }
    }

    /** Gives the connection back as broken: the pool closes it and opens another when needed. Idempotent. */
    public void discard() {
        if (!released) {
            pool.checkReleasing();
            released = true;
            pool.release(entry, false);
        }
    }

    /** Whether {@link #close()} or {@link #discard()} was called. */
    public boolean isReleased() {
        return released;
    }

    @Override
    public String toString() {
        return "Lease[" + pool.name() + (released ? ", released" : ", " + entry.connection) + "]";
    }
}
