package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpProtocolException;
import io.shrapnel.codecs.ftp.FtpReply;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The client's end of a control connection: sends command lines, reads whole replies, each read
 * bounded in time and size. A protocol error or a timeout closes the connection, since the reply
 * stream can no longer be trusted to line up with the commands.
 *
 * <p>Threading: one coro at a time (the client serialises commands).
 */
public final class Control {
    private static final int MAX_LINE = 8192;
    private static final int MAX_LINES = 10_000;

    private Conn conn;
    private final LineReader lines;
    private final ReplyAssembler replies = new ReplyAssembler(MAX_LINES);
    private Duration timeout;

    public Control(Conn conn, Duration timeout) {
        this.conn = conn;
        this.lines = new LineReader(conn, MAX_LINE);
        this.timeout = timeout;
    }

    public Conn conn() {
        return conn;
    }

    /** Continues over {@code tls}, the TLS wrapper of the same socket. */
    public void upgrade(Conn tls) throws IOException {
        lines.conn(tls);
        this.conn = tls;
    }

    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Sends one command line; refuses arguments that would smuggle in a second command. */
    public void send(String command) throws IOException {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("an FTP command cannot hold CR, LF or NUL: "
                        + ReplyAssembler.shorten(command.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0")));
            }
        }
        byte[] line = (command + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            Deadline.within(timeout, "sending " + verb(command), () -> {
                conn.sendAll(line);
                return null;
            });
        } catch (IOException e) {
            conn.close();
            throw e;
        }
    }

    /** Reads the next whole reply (a 1xx included). */
    public FtpReply read() throws IOException {
        try {
            return Deadline.within(timeout, "waiting for a reply", () -> {
                while (true) {
                    String line = lines.readLine();
                    if (line == null) {
                        throw new FtpProtocolException("the server closed the control connection");
                    }
                    FtpReply r = replies.offer(line);
                    if (r != null) {
                        return r;
                    }
                }
            });
        } catch (IOException e) {
            conn.close();
            throw e;
        }
    }

    /** The command's verb, without arguments (so a password never lands in an error message). */
    static String verb(String command) {
        int sp = command.indexOf(' ');
        return sp < 0 ? command : command.substring(0, sp);
    }

    public void close() throws IOException {
        conn.close();
    }
}
