package io.shrapnel.rpc.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Appends frames (layout in {@link FrameKind}) to a connection's write buffer: the header with
 * Chronicle's stop-bit writes, the payload serialised by protobuf straight into the buffer's memory.
 *
 * <p>Threading: stateless; the buffer belongs to the caller.
 */
public final class FrameEncoder {
    private FrameEncoder() {}

    /** Appends a frame whose payload is {@code message} (or empty if null). */
    public static void write(FrameBuffer out, long callId, int kind, int flags, MessageLite message) {
        int payload = message == null ? 0 : message.getSerializedSize();
        writeHeader(out, callId, kind, flags, payload);
        if (payload > 0) {
            ByteBuffer room = out.room(payload);
            room.limit(room.position() + payload);
            CodedOutputStream cos = CodedOutputStream.newInstance(room);
            try {
                message.writeTo(cos);
                cos.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("serialising into a sized buffer cannot fail", e);
            }
            out.commit(payload);
        }
    }

    /** Appends a frame whose payload is the varint {@code value} (CREDIT). */
    public static void writeVarint(FrameBuffer out, long callId, int kind, long value) {
        writeHeader(out, callId, kind, 0, Varint.size(value));
        out.bytes().writeStopBit(value);
    }

    /** Appends a frame whose payload is the 8 bytes of {@code value}, big-endian (PING, PONG). */
    public static void writeLong(FrameBuffer out, long callId, int kind, long value) {
        writeHeader(out, callId, kind, 0, 8);
        out.bytes().writeLong(Long.reverseBytes(value));
    }

    private static void writeHeader(FrameBuffer out, long callId, int kind, int flags, int payload) {
        int length = Varint.size(callId) + Varint.size(kind) + Varint.size(flags) + payload;
        Bytes<ByteBuffer> b = out.bytes();
        b.writeStopBit(length);
        b.writeStopBit(callId);
        b.writeStopBit(kind);
        b.writeStopBit(flags);
    }

    /**
     * Appends a CREDIT frame: the receiver takes {@code messages} more messages and {@code bytes} more
     * payload bytes. Payload: the two varints.
     */
    public static void writeCredit(FrameBuffer out, long callId, long messages, long bytes) {
        writeHeader(out, callId, FrameKind.CREDIT, 0, Varint.size(messages) + Varint.size(bytes));
        out.bytes().writeStopBit(messages);
        out.bytes().writeStopBit(bytes);
    }

    /** Reads a CREDIT payload: {@code {messages, bytes}}. */
    public static long[] readCredit(ByteBuffer payload) throws ProtocolError {
        long messages = varint(payload);
        long bytes = varint(payload);
        if (payload.hasRemaining()) {
            throw new ProtocolError("a CREDIT payload is two varints, and " + payload.remaining() + " bytes more");
        }
        return new long[] {messages, bytes};
    }

    /** Reads a payload that is exactly one varint. */
    public static long readVarint(ByteBuffer payload) throws ProtocolError {
        long value = varint(payload);
        if (payload.hasRemaining()) {
            throw new ProtocolError("malformed varint payload");
        }
        return value;
    }

    private static long varint(ByteBuffer payload) throws ProtocolError {
        long value = 0;
        for (int i = 0; i < 10 && payload.hasRemaining(); i++) {
            int b = payload.get() & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new ProtocolError("malformed varint payload");
    }

    /** Reads the 8-byte payload of a PING or PONG frame. */
    public static long readLong(ByteBuffer payload) throws ProtocolError {
        if (payload.remaining() != 8) {
            throw new ProtocolError("a PING/PONG payload has 8 bytes, not " + payload.remaining());
        }
        return payload.getLong(payload.position());
    }
}
