package io.shrapnel.codecs.asn1;

import io.shrapnel.codecs.asn1.internal.TlvParser;
import io.shrapnel.net.Conn;
import io.shrapnel.net.EofError;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads whole top-level BER elements from a coro connection ({@code Conn}: TCP, TLS, Unix), one
 * at a time, each as its own byte array. A peer cannot make it buffer more than one element of
 * {@link BerLimits#maxLength()} bytes: a larger declared length fails at once, before the content
 * is read. Errors name the offset in the stream.
 *
 * <pre>{@code
 * BerStreamReader in = new BerStreamReader(conn, BerLimits.DEFAULT);
 * byte[] message;
 * while ((message = in.read()) != null) {
 *     BerReader seq = BerReader.ber(message).readSequence();
 *     ...
 * }
 * }</pre>
 *
 * <p>Threading: one coro reads; the connection's own rules apply (one reader at a time).
 */
public final class BerStreamReader {
    /** Identifier (up to 5) and length (up to 5) octets ahead of the content. */
    private static final int MAX_HEADER = 10;

    private final Conn conn;
    private final BerLimits limits;
    private final boolean der;
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private long consumed;

    /** A BER reader. */
    public BerStreamReader(Conn conn, BerLimits limits) {
        this(conn, limits, false);
    }

    /** A BER or (with {@code der}) DER reader. */
    public BerStreamReader(Conn conn, BerLimits limits, boolean der) {
        this.conn = conn;
        this.limits = limits;
        this.der = der;
    }

    /** Bytes handed out as elements so far (the stream offset of the next element). */
    public long offset() {
        return consumed;
    }

    /**
     * The next element, tag to end, or null if the stream ended cleanly between elements.
     *
     * @throws Asn1Exception malformed or over-limit input
     * @throws EofError the stream ended inside an element
     */
    public byte[] read() throws IOException {
        while (true) {
            if (end > start) {
                try {
                    Tlv t = TlvParser.parse(buf, start, end, 1, limits, der);
                    byte[] element = Arrays.copyOfRange(buf, start, t.end());
                    consumed += t.end() - start;
                    start = t.end();
                    return element;
                } catch (Asn1Exception e) {
                    if (!e.truncated()) {
                        throw e.shifted(consumed - start);
                    }
                }
                if (end - start > limits.maxLength() + MAX_HEADER) {
                    throw new Asn1Exception(consumed, "element over the limit of " + limits.maxLength() + " bytes");
                }
            }
            makeRoom();
            int n = conn.recvInto(buf, end, buf.length - end);
            if (n < 0) {
                if (end == start) {
                    return null;
                }
                throw new EofError(end - start + 1, Arrays.copyOfRange(buf, start, end));
            }
            end += n;
        }
    }

    private void makeRoom() {
        if (start == end) {
            start = end = 0;
        }
        if (end < buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        } else {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) limits.maxLength() + MAX_HEADER + 1));
        }
    }
}
