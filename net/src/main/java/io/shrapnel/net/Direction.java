package io.shrapnel.net;

/** Which half of a connection {@link Conn#shutdown} ends. */
public enum Direction {
    /** No more reads: further reads see end of stream. */
    READ,
    /** No more writes: the peer sees end of stream (a TCP FIN, a TLS close_notify). */
    WRITE,
    BOTH
}
