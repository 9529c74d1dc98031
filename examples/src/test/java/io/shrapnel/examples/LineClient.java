package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A telnet-like test client: lines out, lines in, each read waiting at most 20 s. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final List<String> seen = new ArrayList<>();

    LineClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads lines until one equals {@code expected} (or, ending in '*', starts with it); returns it. */
    String await(String expected) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            seen.add(line);
            boolean prefix = expected.endsWith("*");
            if (prefix ? line.startsWith(expected.substring(0, expected.length() - 1)) : line.equals(expected)) {
                return line;
            }
        }
        throw new AssertionError("connection ended without '" + expected + "'; saw " + seen);
    }

    /** True once the server has closed the connection (reads what is left first). */
    boolean endsAfterReadingAll() throws IOException {
        while (in.readLine() != null) {
            // what was still on its way
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
