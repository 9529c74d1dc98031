package io.shrapnel.codecs.postgres;

import io.shrapnel.kernel.Coro;

/**
 * Whose turn it is on a connection: the coro inside an operation (operations nest in that coro:
 * a transaction runs queries, a cursor holds its turn until closed), and a clear error for any
 * other coro that tries meanwhile.
 *
 * <p>Threading: the coros of the connection's loop.
 */
final class Turn {
    private Coro owner;
    private int depth;

    /** Takes the turn for the current coro, or explains why it cannot. */
    void take(String operation) {
        Coro me = Coro.current();
        if (me == null) {
            throw new IllegalStateException("PgConnection." + operation + " must run in a coro: it parks the coro, "
                    + "not the thread");
        }
        if (owner != null && owner != me) {
            throw new IllegalStateException("PgConnection." + operation + " from " + me + " while " + owner
                    + " is using this connection; a connection serves one coro at a time: give each coro its own "
                    + "(a Pool)");
        }
        owner = me;
        depth++;
    }

    void give() {
        if (--depth == 0) {
            owner = null;
        }
    }

    /** Whether some coro is inside an operation. */
    boolean taken() {
        return owner != null;
    }

    Coro owner() {
        return owner;
    }
}
