package io.shrapnel.codecs.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDK sockets to a test server, closed together, and the few exchanges the connection tests
 * make on them: a kept-alive {@code GET /} whose response ends in the body "ok", read byte by byte
 * so that nothing past it is consumed.
 */
final class RawClients implements AutoCloseable {
    static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private final List<Socket> sockets = new ArrayList<>();

    /** A socket connected to 127.0.0.1:{@code port}, with a 20 s read timeout. */
    Socket connect(int port) throws IOException {
        return connect(null, port);
    }

    /** The same from the local address {@code from} (null: any). */
    Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        if (from != null) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(20_000);
        return s;
    }

    /** Sends {@link #GET} on {@code s} and reads its response up to the body "ok". */
    static String exchange(Socket s) throws IOException {
        s.getOutputStream().write(GET);
        return readUntil(s.getInputStream(), "\r\n\r\nok");
    }

    /** Reads until what was read ends with {@code end}; IOException if the stream ends first. */
    static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder out = new StringBuilder();
        while (!out.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + out);
            }
            out.append((char) b);
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
