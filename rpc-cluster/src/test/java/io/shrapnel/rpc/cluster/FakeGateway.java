package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.net.TcpSock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake etcd gateway for answers a real etcd does not give on demand (a connection closed after its
 * answer, a stream that ends, an error without a message, no answer at all): a coro on a loopback
 * port below 32768 that reads one request per connection, writes what its {@link Script} says and
 * closes the connection (or keeps it, unanswered, until {@link #close()}).
 *
 * <p>Threading: confined to the loop of the coro that started it.
 */
final class FakeGateway implements AutoCloseable {
    /** One request as the gateway read it. */
    record Request(String path, String body) {}

    /** The raw HTTP answer to {@code request}, or null to leave it unanswered (its connection open). */
    interface Script {
        byte[] answer(Request request);
    }

    /** The requests read so far, in order. */
    final List<Request> requests = new ArrayList<>();
    private final List<TcpSock> unanswered = new ArrayList<>();
    private final TcpSock listener;
    private final Script script;
    private Coro acceptor;

    private final String endpoint;

    private FakeGateway(TcpSock listener, Script script) throws IOException {
        this.listener = listener;
        this.endpoint = "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
        this.script = script;
    }

    /** Starts a gateway (from a coro) that answers with {@code script}. */
    static FakeGateway start(Script script) throws IOException {
        FakeGateway g = new FakeGateway(bindLoopback(), script);
        g.acceptor = Coro.spawn("fake-gateway", g::serve);
        return g;
    }

    String endpoint() {
        return endpoint;
    }

    private void serve() {
        try {
            while (true) {
                TcpSock c = listener.accept();
                Request r = readRequest(c);
                requests.add(r);
                byte[] answer = script.answer(r);
                if (answer == null) {
                    unanswered.add(c);
                    continue;
                }
                try (c) {
                    c.sendAll(answer);
                }
            }
        } catch (IOException | Interrupted stopped) {
            // closed
        }
    }

    /** An answer with a Content-Length body; {@code keepAlive} invites the client to send again on it. */
    static byte[] answer(int status, String reason, String body, boolean keepAlive) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }

    /** A chunked answer of {@code chunks}, ended by the last chunk (a stream that ends). */
    static byte[] chunked(String... chunks) {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n");
        for (String c : chunks) {
            s.append(Integer.toHexString(c.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(c).append("\r\n");
        }
        return s.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static TcpSock bindLoopback() throws IOException {
        return LoopbackPorts.bind(port -> {
            TcpSock s = TcpSock.create();
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                s.listen(8);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        });
    }

    private static final Pattern REQUEST_LINE = Pattern.compile("^\\S+ (\\S+) ");
    private static final Pattern LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    /** Reads one HTTP request (head and a Content-Length body). */
    static Request readRequest(TcpSock c) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        while (true) {
            String text = in.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                Matcher m = LENGTH.matcher(text.substring(0, end));
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (text.length() >= end + 4 + length) {
                    Matcher line = REQUEST_LINE.matcher(text);
                    return new Request(line.find() ? line.group(1) : "", text.substring(end + 4, end + 4 + length));
                }
            }
            byte[] b = c.recv(4096);
            if (b.length == 0) {
                throw new IOException("the client closed before its request was complete");
            }
            in.write(b);
        }
    }

    /** Stops accepting, closes the unanswered connections and returns once the gateway's coro has ended. */
    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.raiseException(new Interrupted(), true);
        acceptor.join();
        for (TcpSock c : unanswered) {
            c.close();
        }
    }
}
