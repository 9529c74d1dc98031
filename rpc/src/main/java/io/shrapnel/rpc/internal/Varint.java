package io.shrapnel.rpc.internal;

import net.openhft.chronicle.bytes.Bytes;

/** Protobuf varints read at absolute offsets of a Chronicle buffer, telling "incomplete" from "malformed". */
final class Varint {
    /** Returned when the buffer ends inside the varint. */
    static final long INCOMPLETE = -1;

    private Varint() {}

    /**
     * The varint at {@code offset} (bytes {@code [offset, limit)} are readable), or {@link #INCOMPLETE}.
     * {@code out[0]} gets its length in bytes.
     *
     * @throws ProtocolError if it runs over {@code maxBytes} bytes or above 2^63 - 1
     */
    static long read(Bytes<?> in, long offset, long limit, int maxBytes, int[] out) throws ProtocolError {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (offset + i >= limit) {
                return INCOMPLETE;
            }
            int b = in.readUnsignedByte(offset + i);
            if (i == 9 && b > 0) {
                throw new ProtocolError("varint above 2^63 - 1 at offset " + offset);
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                out[0] = i + 1;
                return value;
            }
        }
        throw new ProtocolError("varint longer than " + maxBytes + " bytes at offset " + offset);
    }

    /** Bytes the varint of {@code value} (>= 0) takes. */
    static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }
}
