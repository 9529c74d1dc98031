package io.shrapnel.rpc.internal;

/**
 * The kinds of frame. A frame on the wire is
 * <pre>
 *   length   varint   bytes after this field (header + payload)
 *   callId   varint   0 for the connection itself (PING, PONG)
 *   kind     varint   one of the constants below
 *   flags    varint   {@link #FLAG_END}: the sender's last message of the call
 *   payload  length - header bytes: a protobuf message, or a varint (CREDIT), or 8 bytes (PING/PONG)
 * </pre>
 * Varints are protobuf's (7 bits a byte, low first), which is also Chronicle Bytes' stop-bit
 * encoding of non-negative numbers.
 */
public final class FrameKind {
    private FrameKind() {}

    /** Client opens a call; payload {@code CallHeader}. */
    public static final int OPEN = 1;
    /** A message of the call; payload the request or response. */
    public static final int MESSAGE = 2;
    /** The client has no more messages (when its last one did not carry {@link #FLAG_END}). */
    public static final int HALF_CLOSE = 3;
    /** Server ends the call; payload {@code Trailer} (status, trailing metadata). */
    public static final int CLOSE = 4;
    /** Client gives up on the call; the server interrupts its coro. */
    public static final int CANCEL = 5;
    /** The receiver of a stream consumed this many messages (varint payload). */
    public static final int CREDIT = 6;
    /** Keepalive request on call 0; 8-byte payload echoed by {@link #PONG}. */
    public static final int PING = 7;
    public static final int PONG = 8;

    /** Highest kind this version knows; a frame of a higher kind is a protocol error. */
    public static final int MAX = PONG;

    /** On MESSAGE: the sender's last message. */
    public static final int FLAG_END = 1;

    public static String name(int kind) {
        return switch (kind) {
            case OPEN -> "OPEN";
            case MESSAGE -> "MESSAGE";
            case HALF_CLOSE -> "HALF_CLOSE";
            case CLOSE -> "CLOSE";
            case CANCEL -> "CANCEL";
            case CREDIT -> "CREDIT";
            case PING -> "PING";
            case PONG -> "PONG";
            default -> "kind " + kind;
        };
    }
}
