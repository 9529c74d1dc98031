package io.shrapnel.codecs.mysql;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A scripted MySQL server as a coro on 127.0.0.1 (a port of 23350-23399): it accepts one
 * connection and runs the test's script on it, which writes whatever bytes it likes, well-formed
 * or not. Used to test what a real server will not do: caching_sha2_password, broken packets,
 * dying mid-result.
 */
final class FakeServer implements AutoCloseable {
    static final byte[] NONCE = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    static final long CAPS = 0x01FFF7FFL & ~0x80L & ~0x20L; // everything up to DEPRECATE_EOF, no SSL, LOCAL_FILES, COMPRESS

    interface Script {
        void run(Wire wire) throws Exception;
    }

    private final TcpSock listener;
    private final int port;
    private final Coro coro;
    volatile Throwable failure;

    private FakeServer(TcpSock listener, int port, Script script) {
        this.listener = listener;
        this.port = port;
        this.coro = Coro.spawn("fake-mysql", () -> {
            try (TcpSock conn = listener.accept()) {
                script.run(new Wire(conn));
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    static FakeServer start(Script script) throws IOException {
        for (int p = 23350; p <= 23399; p++) {
            TcpSock s = TcpSock.create();
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                s.listen(4);
                return new FakeServer(s, p, script);
            } catch (IOException taken) {
                s.close();
            }
        }
        throw new IOException("no free port in 23350-23399 for the fake server");
    }

    MySqlConfig.Builder config() {
        return MySqlConfig.builder().host("127.0.0.1").port(port).user("u").password("pw")
                .connectTimeout(java.time.Duration.ofSeconds(30)); // a cold TLS handshake on a loaded machine takes seconds
    }

    /** Waits for the script to end and rethrows what it threw (its own assertions). */
    void finish() throws Throwable {
        coro.join();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (!coro.isDead()) {
            coro.shutdown();
        }
    }

    /** The server's end of one connection. */
    static final class Wire {
        final Conn conn;

        Wire(Conn conn) {
            this.conn = conn;
        }

        void send(int seq, byte[] payload) throws IOException {
            byte[] out = Arrays.copyOf(new byte[] {(byte) payload.length, (byte) (payload.length >>> 8),
                (byte) (payload.length >>> 16), (byte) seq}, 4 + payload.length);
            System.arraycopy(payload, 0, out, 4, payload.length);
            conn.sendAll(out);
        }

        void raw(byte[] bytes) throws IOException {
            conn.sendAll(bytes);
        }

        /** Reads one packet. */
        Packet read() throws IOException {
            byte[] h = conn.recvExact(4);
            int n = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16;
            return new Packet(h[3] & 0xFF, conn.recvExact(n));
        }

        /** Reads (and drops) whatever comes until the client closes the connection. */
        void untilClosed() {
            try {
                while (conn.recv(1 << 16).length > 0) {
                    // COM_QUIT and the like
                }
            } catch (IOException closed) {
                // closed or reset: what we waited for
            }
        }

        void greeting(String plugin) throws IOException {
            send(0, greetingPayload(plugin, CAPS));
        }

        /** Greeting, then reads the handshake response and answers OK: a logged-in client. */
        Packet login() throws IOException {
            greeting("mysql_native_password");
            Packet response = read();
            send(2, ok());
            return response;
        }

        static byte[] greetingPayload(String plugin, long caps) {
            byte[] version = "5.7.99-fake\0".getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[0];
            byte[] reserved = new byte[10]; // 6 zeros, then MariaDB's capabilities 32-63
            for (int i = 0; i < 4; i++) {
                reserved[6 + i] = (byte) (caps >>> 32 + 8 * i);
            }
            p = cat(p, new byte[] {10}, version, new byte[] {7, 0, 0, 0}, Arrays.copyOf(NONCE, 8), new byte[] {0},
                    new byte[] {(byte) caps, (byte) (caps >>> 8), 45, 2, 0, (byte) (caps >>> 16), (byte) (caps >>> 24), 21},
                    reserved, Arrays.copyOfRange(NONCE, 8, 20), new byte[] {0},
                    (plugin + "\0").getBytes(StandardCharsets.US_ASCII));
            return p;
        }

        /** Reads a COM_STMT_PREPARE and answers: statement {@code id}, no result columns, {@code params} parameters. */
        void prepared(int id, int params) throws IOException {
            Packet prepare = read();
            if (prepare.payload()[0] != 0x16) {
                throw new AssertionError("expected COM_STMT_PREPARE, got 0x" + Integer.toHexString(prepare.payload()[0] & 0xFF));
            }
            send(1, new byte[] {0, (byte) id, 0, 0, 0, 0, 0, (byte) params, 0, 0, 0, 0});
            for (int i = 0; i < params; i++) {
                send(2 + i, column("?", 253));
            }
        }

        static byte[] ok(int affectedRows) {
            return new byte[] {0, (byte) affectedRows, 0, 2, 0, 0, 0};
        }

        static byte[] ok() {
            return new byte[] {0, 0, 0, 2, 0, 0, 0};
        }

        /** The OK with header 0xFE that ends a result set under DEPRECATE_EOF. */
        static byte[] endOfRows() {
            return new byte[] {(byte) 0xFE, 0, 0, 2, 0, 0, 0};
        }

        static byte[] column(String name, int type) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            return cat(new byte[] {3, 'd', 'e', 'f', 0, 0, 0, (byte) n.length}, n, new byte[] {0, 0x0C, 45, 0},
                    new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, (byte) type, 0, 0, 0, 0, 0});
        }

        static byte[] cat(byte[]... parts) {
            int n = 0;
            for (byte[] p : parts) {
                n += p.length;
            }
            byte[] out = new byte[n];
            int at = 0;
            for (byte[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }

    record Packet(int seq, byte[] payload) {}
}
