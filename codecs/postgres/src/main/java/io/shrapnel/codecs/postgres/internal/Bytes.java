package io.shrapnel.codecs.postgres.internal;

/** Big-endian reads from byte arrays (the protocol's byte order). Stateless. */
public final class Bytes {
    private Bytes() {}

    public static int int32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    public static long int64(byte[] b, int i) {
        return ((long) int32(b, i) << 32) | (int32(b, i + 4) & 0xffffffffL);
    }

    public static int int16(byte[] b, int i) {
        return (short) (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
    }
}
