package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpProtocolException;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of an FTP control connection (Telnet end of line, CRLF; a bare LF is accepted)
 * as UTF-8, never holding more than one line of at most {@code maxLine} bytes.
 *
 * <p>Threading: one coro reads; the connection may be swapped for its TLS wrapper between lines
 * ({@link #conn(Conn)}) only while nothing is buffered, which {@code AUTH TLS} guarantees.
 */
public final class LineReader {
    private final ByteBuffer buf;
    private Conn conn;

    public LineReader(Conn conn, int maxLine) {
        this.conn = conn;
        this.buf = ByteBuffer.allocate(maxLine + 2).flip();
    }

    /** Reads from {@code conn} from now on (after a TLS handshake over the same socket). */
    public void conn(Conn conn) throws FtpProtocolException {
        if (buf.hasRemaining()) {
            throw new FtpProtocolException("the peer sent " + buf.remaining()
                    + " bytes in clear after the command that starts TLS");
        }
        this.conn = conn;
    }

    /** The next line without its end, or null at end of stream; a line cut by the end is an error. */
    public String readLine() throws IOException {
        int scanned = buf.position();
        while (true) {
            for (int i = scanned; i < buf.limit(); i++) {
                if (buf.get(i) == '\n') {
                    int end = i > buf.position() && buf.get(i - 1) == '\r' ? i - 1 : i;
                    String line = new String(buf.array(), buf.position(), end - buf.position(), StandardCharsets.UTF_8);
                    buf.position(i + 1);
                    return line;
                }
            }
            buf.compact();
            scanned = buf.position();
            if (!buf.hasRemaining()) {
                buf.flip();
                throw new FtpProtocolException("a line longer than " + (buf.capacity() - 2) + " bytes");
            }
            int n = conn.recvInto(buf);
            buf.flip();
            if (n < 0) {
                if (buf.hasRemaining()) {
                    throw new FtpProtocolException("the connection ended inside a line: "
                            + new String(buf.array(), 0, Math.min(80, buf.limit()), StandardCharsets.UTF_8));
                }
                return null;
            }
        }
    }
}
