package io.shrapnel.codecs.amqp.internal;

/** One AMQP frame as read: its type, channel and payload (without header and end octet). */
public record Frame(int type, int channel, byte[] payload) {
    public static final int METHOD = 1;
    public static final int HEADER = 2;
    public static final int BODY = 3;
    public static final int HEARTBEAT = 8;
    public static final int END = 0xCE;
    /** Header (7 bytes) plus end octet: what a frame adds to its payload. */
    public static final int OVERHEAD = 8;
}
