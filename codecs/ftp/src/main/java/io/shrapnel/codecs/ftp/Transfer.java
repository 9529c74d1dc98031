package io.shrapnel.codecs.ftp;

import io.shrapnel.codecs.ftp.internal.Control;
import io.shrapnel.codecs.ftp.internal.DataConnector;
import io.shrapnel.codecs.ftp.internal.Deadline;
import io.shrapnel.net.Conn;
import io.shrapnel.net.Direction;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One transfer over an opened data connection: copies a block at a time, then reads the final
 * reply and decides whether the data is complete. Complete means: the server said 226/250, the
 * count matches the size announced before (when known), and a TLS data connection ended with
 * close_notify. Anything else is an {@link FtpException}; one that means missing data has
 * {@link FtpException#truncated()} set.
 *
 * <p>Threading: one coro, holding the client's lock.
 */
final class Transfer {
    private static final int BLOCK = 64 * 1024;

    private final Control control;
    private final String command;
    private final long expected;

    Transfer(Control control, String command, long expected) {
        this.control = control;
        this.command = command.indexOf(' ') < 0 ? command : command.substring(0, command.indexOf(' '));
        this.expected = expected;
    }

    long download(DataConnector.Opened o, OutputStream out) throws IOException {
        long n = 0;
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        Conn data = o.conn();
        // made once per transfer, not per block
        String what = command + " data";
        Deadline.Step<Integer> read = () -> data.recvInto(buf);
        try (data) {
            while (true) {
                buf.clear();
                int got = Deadline.within(control.timeout(), what, read);
                if (got < 0) {
                    break;
                }
                out.write(buf.array(), 0, got);
                n += got;
            }
        } catch (IOException | RuntimeException | Error e) {
            abandon();
            throw e;
        }
        finish(n, data);
        return n;
    }

    long upload(DataConnector.Opened o, InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[BLOCK];
        Conn data = o.conn();
        try (data) {
            for (int got; (got = in.read(buf)) >= 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, got);
                Deadline.within(control.timeout(), command + " data", () -> {
                    data.sendAll(b);
                    return null;
                });
                n += got;
            }
            if (data instanceof TlsSock) {
                endTls(data);
            }
        } catch (IOException | RuntimeException | Error e) {
            abandon();
            throw e;
        }
        finish(-1, data); // closing the data connection (close_notify first with TLS) ended the file
        return n;
    }

    /**
     * Ends an upload over TLS: close_notify, then reads until the server closes too. A TLS 1.3
     * server sends session tickets on the data connection that an upload never reads; closing with
     * them unread makes the kernel answer with a reset, which can drop the file's last bytes
     * (vsftpd then says 426 "Failure reading network stream").
     */
    private void endTls(Conn data) throws IOException {
        Deadline.within(control.timeout(), command + " data close", () -> {
            data.shutdown(Direction.WRITE);
            ByteBuffer sink = ByteBuffer.allocate(1024);
            while (data.recvInto(sink.clear()) >= 0) {
                // tickets, then the server's close_notify
            }
            return null;
        });
    }

    /** Reads the final reply of the transfer that moved {@code count} bytes over {@code data}. */
    void finish(long count, Conn data) throws IOException {
        FtpReply r = control.read();
        if (r.code() != 226 && r.code() != 250) {
            throw new FtpException(command, r, r.code() == 426 || r.code() == 451);
        }
        if (count >= 0 && expected >= 0 && count != expected) {
            throw new FtpException(command, truncated(count + " of " + expected + " bytes arrived; the server said: " + r), true);
        }
        if (data instanceof TlsSock t && count >= 0 && !t.closedCleanly()) {
            throw new FtpException(command, truncated("the TLS data connection ended without close_notify"), true);
        }
    }

    private static FtpReply truncated(String why) {
        return new FtpReply(426, List.of("Transfer incomplete: " + why));
    }

    /** The data connection failed mid-transfer: read the server's reply to it, if one comes soon. */
    private void abandon() {
        try {
            control.read();
        } catch (IOException | RuntimeException e) {
            // the control connection is closed by now; the caller's exception says what went wrong
        }
    }
}
