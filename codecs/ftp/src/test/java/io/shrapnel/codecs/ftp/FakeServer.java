package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.codecs.ftp.internal.LineReader;
import io.shrapnel.codecs.ftp.internal.PortRange;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A scripted, possibly hostile FTP server for one control connection, run as a coro on loopback:
 * the script reads commands and writes whatever it likes. Listens on the first free port of
 * 20040..20069.
 *
 * <p>Threading: the coros of the test's loop.
 */
final class FakeServer implements AutoCloseable {
    /** What the server does with its accepted control connection. */
    interface Script {
        void run(FakeServer s) throws Exception;
    }

    private final TcpSock listener;
    private TcpSock control;
    private LineReader lines;
    private Coro coro;
    private IOException failure;

    private FakeServer(TcpSock listener) {
        this.listener = listener;
    }

    /** Listens now and runs {@code script} in a coro once a client connects. */
    static FakeServer start(Script script) throws IOException {
        FakeServer s = new FakeServer(listen(20040, 20069));
        s.coro = Coro.spawn("fake-ftp", () -> {
            try (TcpSock c = s.listener.accept()) {
                s.control = c;
                s.lines = new LineReader(c, 1 << 16);
                script.run(s);
            } catch (IOException e) {
                s.failure = e; // the client went away (scripts may end this way), or the script failed
            }
        });
        return s;
    }

    static TcpSock listen(int from, int to) throws IOException {
        return PortRange.listen(InetAddress.getLoopbackAddress(), from, to);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    TcpSock control() {
        return control;
    }

    /** The next command line, or null when the client closed. */
    String command() throws IOException {
        return lines.readLine();
    }

    /** Reads a command and checks that it starts with {@code verb}. */
    String expect(String verb) throws IOException {
        String c = command();
        if (c == null || !c.startsWith(verb)) {
            throw new AssertionError("expected " + verb + " but the client sent " + c);
        }
        return c;
    }

    void send(String raw) throws IOException {
        control.sendAll(raw.getBytes(UTF_8));
    }

    /** The greeting, USER/PASS, TYPE I as a friendly server answers them. */
    void greetAndLogin() throws IOException {
        send("220 fake\r\n");
        expect("USER");
        send("331 pw\r\n");
        expect("PASS");
        send("230 in\r\n");
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (control != null) {
            control.close();
        }
        coro.join();
    }

    /** What ended the script with an exception, if anything (for diagnosing a test). */
    IOException failure() {
        return failure;
    }
}
