package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.MySqlProtocolException;
import io.shrapnel.net.Conn;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The packet layer over a connection: a 3-byte length and a 1-byte sequence id before each
 * payload; payloads of 16 MB - 1 and more travel as several packets (a full 0xFFFFFF one is
 * always followed by another, possibly empty) and are joined again here.
 *
 * <p>A read interrupted half-way (a timeout, {@code Coro.interrupt}) keeps what arrived, so the
 * next {@link #read()} carries on with the same packet: that is what lets a connection be drained
 * after {@code KILL QUERY} instead of being thrown away. Payloads above {@code maxPayload} are
 * refused before their bytes are buffered.
 *
 * <p>Threading: confined to the coro that owns the connection; {@link #close()} from anywhere.
 */
public final class PacketChannel {
    public static final int MAX_FRAGMENT = 0xFFFFFF;
    private static final int SMALL = 1 << 16;

    private Conn conn;
    private final int maxPayload;
    private final ByteBuffer in = ByteBuffer.allocate(SMALL).flip();
    private int seq;

    // the packet being read (kept across an interrupted read)
    private byte[] fragment;
    private int fragmentFilled;
    private byte[] joined;

    public PacketChannel(Conn conn, int maxPayload) {
        this.conn = conn;
        this.maxPayload = maxPayload;
    }

    public Conn conn() {
        return conn;
    }

    /** Swaps the connection under the packets (after the TLS upgrade); nothing may be buffered. */
    public void replace(Conn upgraded) throws MySqlProtocolException {
        if (in.hasRemaining()) {
            throw new MySqlProtocolException("the server sent " + in.remaining() + " byte(s) before the TLS handshake");
        }
        conn = upgraded;
    }

    /** Starts a new command: the next packet written has sequence id 0. */
    public void resetSequence() {
        seq = 0;
    }

    /** The next packet read must carry {@code next} (a pipelined response starts at 1). */
    public void expectSequence(int next) {
        seq = next & 0xFF;
    }

    public int sequence() {
        return seq;
    }

    /** Writes one payload as one or more packets. */
    public void write(byte[] payload) throws IOException {
        write(payload, 0, payload.length);
    }

    public void write(byte[] payload, int off, int len) throws IOException {
        int at = off;
        int left = len;
        while (true) {
            int n = Math.min(left, MAX_FRAGMENT);
            byte[] header = {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) seq};
            seq = (seq + 1) & 0xFF;
            if (n < SMALL) {
                byte[] one = Arrays.copyOf(header, 4 + n);
                System.arraycopy(payload, at, one, 4, n);
                conn.sendAll(ByteBuffer.wrap(one));
            } else {
                conn.sendAll(ByteBuffer.wrap(header));
                conn.sendAll(ByteBuffer.wrap(payload, at, n));
            }
            at += n;
            left -= n;
            if (n < MAX_FRAGMENT) {
                return;
            }
        }
    }

    /**
     * Writes several commands at once, each as its own sequence (id 0), in one send: a pipeline.
     * Every payload must be under 16 MB - 1 (a command that large goes through {@link #write}).
     */
    public void writeCommands(java.util.List<byte[]> payloads) throws IOException {
        int total = 0;
        for (byte[] p : payloads) {
            if (p.length >= MAX_FRAGMENT) {
                throw new IllegalArgumentException("a pipelined command of " + p.length + " bytes; send it alone");
            }
            total += 4 + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] p : payloads) {
            out.put((byte) p.length).put((byte) (p.length >>> 8)).put((byte) (p.length >>> 16)).put((byte) 0).put(p);
        }
        seq = 1;
        conn.sendAll(out.flip());
    }

    /** Reads the next payload (joined if it came in several packets), checking sequence ids. */
    public byte[] read() throws IOException {
        while (true) {
            if (fragment == null) {
                fill(4);
                int n = (in.get() & 0xFF) | (in.get() & 0xFF) << 8 | (in.get() & 0xFF) << 16;
                int got = in.get() & 0xFF;
                if (got != seq) {
                    throw new MySqlProtocolException("wrong sequence id: expected " + seq + ", got " + got);
                }
                seq = (seq + 1) & 0xFF;
                long total = (joined == null ? 0L : joined.length) + n;
                if (total > maxPayload) {
                    throw new MySqlProtocolException("packet of " + total + " bytes is over the limit of "
                            + maxPayload + " (maxPacketSize)");
                }
                fragment = new byte[n];
                fragmentFilled = 0;
            }
            readFragmentBody();
            byte[] done = fragment;
            boolean more = done.length == MAX_FRAGMENT;
            fragment = null;
            if (joined != null) {
                byte[] all = Arrays.copyOf(joined, joined.length + done.length);
                System.arraycopy(done, 0, all, joined.length, done.length);
                done = all;
                joined = null;
            }
            if (more) {
                joined = done;
                continue;
            }
            return done;
        }
    }

    private void readFragmentBody() throws IOException {
        int n = fragment.length;
        int fromBuffer = Math.min(in.remaining(), n - fragmentFilled);
        in.get(fragment, fragmentFilled, fromBuffer);
        fragmentFilled += fromBuffer;
        while (fragmentFilled < n) {
            if (n - fragmentFilled >= in.capacity()) {
                int r = conn.recvInto(ByteBuffer.wrap(fragment, fragmentFilled, n - fragmentFilled));
                if (r < 0) {
                    throw eof(n - fragmentFilled);
                }
                fragmentFilled += r;
            } else {
                fill(Math.min(in.capacity(), n - fragmentFilled));
                int k = n - fragmentFilled;
                in.get(fragment, fragmentFilled, k);
                fragmentFilled += k;
            }
        }
    }

    /** Makes at least {@code n} bytes readable in the buffer. */
    private void fill(int n) throws IOException {
        while (in.remaining() < n) {
            in.compact();
            int r;
            try {
                r = conn.recvInto(in);
            } finally {
                in.flip();
            }
            if (r < 0) {
                throw fragment == null && joined == null && in.remaining() == 0
                        ? new EOFException("the server closed the connection")
                        : eof(n - in.remaining());
            }
        }
    }

    private static EOFException eof(int missing) {
        return new EOFException("the server closed the connection in the middle of a packet (" + missing
                + " byte(s) missing)");
    }

    public void close() {
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
    }
}
