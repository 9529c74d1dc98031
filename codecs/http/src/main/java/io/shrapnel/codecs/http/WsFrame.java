package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * One WebSocket frame (RFC 6455 section 5.2) and its wire form. Reading enforces the frame-level
 * rules: no RSV bits (no extension is negotiated), known opcodes only, control frames unfragmented
 * and at most 125 bytes, masking exactly when the peer is a client, a 64-bit length with its top bit
 * clear, and a payload no larger than the limit (checked before the payload is read).
 *
 * @param fin last frame of its message
 * @param opcode {@link #CONTINUATION}, {@link #TEXT}, {@link #BINARY}, {@link #CLOSE}, {@link #PING}, {@link #PONG}
 * @param payload unmasked payload
 */
record WsFrame(boolean fin, int opcode, byte[] payload) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame that breaks the protocol: the connection is closed with {@code closeCode}. */
    static final class Violation extends IOException {
        final int closeCode;

        Violation(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }
    }

    /**
     * Reads one frame.
     *
     * @param fromClient true on a server: frames must be masked; false on a client: they must not be
     * @param maxPayload largest payload accepted (close 1009 beyond)
     */
    static WsFrame read(HttpInput in, boolean fromClient, long maxPayload) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("the connection ended without a close frame");
        }
        int b1 = next(in);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) {
            throw new Violation(1002, "RSV bits set without a negotiated extension");
        }
        if (opcode > 2 && opcode < 8 || opcode > 10) {
            throw new Violation(1002, "unknown opcode 0x" + Integer.toHexString(opcode));
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked != fromClient) {
            throw new Violation(1002, fromClient ? "a client frame must be masked" : "a server frame must not be masked");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = (long) next(in) << 8 | next(in);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = len << 8 | next(in);
            }
            if (len < 0) {
                throw new Violation(1002, "a 64-bit frame length with its most significant bit set");
            }
        }
        boolean control = (opcode & 0x8) != 0;
        if (control && (!fin || len > 125)) {
            throw new Violation(1002, "a control frame must be unfragmented and at most 125 bytes");
        }
        if (len > maxPayload) {
            throw new Violation(1009, "a frame of " + len + " bytes is larger than the limit of " + maxPayload);
        }
        byte[] key = null;
        if (masked) {
            key = new byte[4];
            in.readFully(key, 0, 4);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload, 0, payload.length);
        if (key != null) {
            mask(payload, 0, payload.length, key);
        }
        return new WsFrame(fin, opcode, payload);
    }

    private static int next(HttpInput in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection ended inside a frame header");
        }
        return b;
    }

    /**
     * Writes one frame; {@code maskKey} is null from a server, four random bytes from a client.
     * The payload array is left as it was (masking works on a copy).
     */
    static void write(HttpOutput out, boolean fin, int opcode, byte[] payload, int off, int len, byte[] maskKey)
            throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        int maskBit = maskKey != null ? 0x80 : 0;
        if (len < 126) {
            out.write(maskBit | len);
        } else if (len < 65536) {
            out.write(maskBit | 126);
            out.write(len >>> 8);
            out.write(len & 0xff);
        } else {
            out.write(maskBit | 127);
            long l = len;
            for (int i = 7; i >= 0; i--) {
                out.write((int) (l >>> (8 * i)) & 0xff);
            }
        }
        if (maskKey != null) {
            out.write(maskKey);
            byte[] copy = java.util.Arrays.copyOfRange(payload, off, off + len);
            mask(copy, 0, len, maskKey);
            out.write(copy, 0, len);
        } else {
            out.write(payload, off, len);
        }
    }

    /** XORs {@code b[off, off+len)} with the key (masking and unmasking are the same). */
    static void mask(byte[] b, int off, int len, byte[] key) {
        for (int i = 0; i < len; i++) {
            b[off + i] ^= key[i & 3];
        }
    }
}
