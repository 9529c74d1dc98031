package io.shrapnel.net.pool;

import java.io.IOException;

/**
 * What a {@link Pool} needs to know about its connections: how to open one, how to tell whether an
 * idle one still works, how to bring a returned one back to a clean state, and how to close one.
 * The pool never looks inside a connection; a PostgreSQL or MySQL client (or anything else) plugs
 * in here.
 *
 * <pre>{@code
 * Connector<PgConnection> db = new Connector<>() {
 *     public PgConnection open() throws IOException { return PgConnection.connect(options); }
 *     public boolean check(PgConnection c) throws IOException { return c.ping(); }
 *     public void reset(PgConnection c) throws IOException { c.resetSession(); }
 *     public void close(PgConnection c) { c.closeQuietly(); }
 * };
 * }</pre>
 *
 * <p>Threading: every method runs on the pool's loop; all but {@link #close} in a coro (the one that
 * acquires or releases, or the pool's keeper coro) and may park it (do I/O).
 *
 * @param <C> the connection type
 */
public interface Connector<C> {
    /** Opens a new connection (it counts against the pool's maximum while it is being opened). */
    C open() throws IOException;

    /**
     * Whether an idle connection still works, asked before it is handed out when it has been idle
     * longer than {@link PoolConfig#checkAfterIdle()}. False or an exception: the pool closes it and
     * tries another. The default trusts every connection.
     */
    default boolean check(C connection) throws IOException {
        return true;
    }

    /**
     * Brings a connection that comes back from a user to a clean state (end an open transaction,
     * drop session settings). Throwing means the connection is broken: the pool closes it and counts
     * it as broken. This is how a connection that failed during use leaves the pool, so a connector
     * whose connection knows it is dead should throw here. The default does nothing.
     */
    default void reset(C connection) throws IOException {}

    /**
     * Closes a connection the pool no longer wants. Best effort; must not throw, and must not park:
     * it may run on the loop outside any coro (a {@link Pool#close()} posted from another thread),
     * so close the socket rather than wait for a goodbye.
     */
    void close(C connection);
}
