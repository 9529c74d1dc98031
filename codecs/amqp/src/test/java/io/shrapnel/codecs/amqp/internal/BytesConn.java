package io.shrapnel.codecs.amqp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A connection over a byte array, handing out at most {@code chunk} bytes per read. */
final class BytesConn extends StubConn {
    private final byte[] in;
    private final int chunk;
    private int pos;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    BytesConn(byte[] in, int chunk) {
        this.in = in;
        this.chunk = chunk;
    }

    @Override
    public int recvInto(ByteBuffer dst) {
        if (pos == in.length) {
            return -1;
        }
        int n = Math.min(Math.min(chunk, dst.remaining()), in.length - pos);
        dst.put(in, pos, n);
        pos += n;
        return n;
    }

    @Override
    public int send(ByteBuffer src) {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        sent.writeBytes(b);
        return n;
    }
}
