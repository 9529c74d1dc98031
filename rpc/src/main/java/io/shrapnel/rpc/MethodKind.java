package io.shrapnel.rpc;

/** The four kinds of call: how many messages each side sends. */
public enum MethodKind {
    /** One request, one response. */
    UNARY,
    /** One request, a stream of responses. */
    SERVER_STREAMING,
    /** A stream of requests, one response. */
    CLIENT_STREAMING,
    /** Streams both ways. */
    BIDI;

    /** True if the client may send more than one message. */
    public boolean clientStreams() {
        return this == CLIENT_STREAMING || this == BIDI;
    }

    /** True if the server may send more than one message. */
    public boolean serverStreams() {
        return this == SERVER_STREAMING || this == BIDI;
    }
}
