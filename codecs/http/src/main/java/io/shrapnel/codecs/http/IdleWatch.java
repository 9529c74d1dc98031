package io.shrapnel.codecs.http;

/**
 * Told when a connection starts and stops waiting for a request, so that a server under pressure can
 * close the connection that has been idle the longest instead of refusing a new one.
 *
 * <p>Threading: called in the connection's coro, on the server's loop.
 */
interface IdleWatch {
    /** Watches nothing (a session without a server, in tests). */
    IdleWatch NONE = new IdleWatch() {
        @Override
        public void idle(ServerSession s) {
        }

        @Override
        public void busy(ServerSession s) {
        }
    };

    /** {@code s} waits for its next request now (it may be closed to make room). */
    void idle(ServerSession s);

    /** {@code s} has bytes of a request, or has ended. */
    void busy(ServerSession s);
}
