package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A hostile or broken "PostgreSQL" for one connection: a coro on 127.0.0.1 (a free port in
 * 25450-25498) that reads the client's startup packet and then runs a script of its own.
 */
final class FakeServer implements AutoCloseable {
    interface Script {
        void run(Peer peer) throws IOException;
    }

    /** The server's end of the one connection. */
    static final class Peer {
        final TcpSock sock;

        Peer(TcpSock sock) {
            this.sock = sock;
        }

        /** Reads one untyped packet (startup, SSLRequest) and returns its body. */
        byte[] readStartup() throws IOException {
            int len = ByteBuffer.wrap(sock.recvExact(4)).getInt();
            return sock.recvExact(len - 4);
        }

        /** Reads one typed message; returns its type. */
        char readMessage() throws IOException {
            byte[] head = sock.recvExact(5);
            sock.recvExact(ByteBuffer.wrap(head, 1, 4).getInt() - 4);
            return (char) head[0];
        }

        void send(MessageWriter w) throws IOException {
            sock.sendAll(w.toByteArray());
        }

        /** Raw bytes, each int taken as one byte. */
        void send(int... bytes) throws IOException {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) bytes[i];
            }
            sock.sendAll(b);
        }

        /** AuthenticationOk, BackendKeyData, ReadyForQuery: a session up without a password. */
        void acceptLogin() throws IOException {
            readStartup();
            send(new MessageWriter().begin('R').int32(0).end()
                    .begin('K').int32(42).int32(4242).end()
                    .begin('Z').int8('I').end());
        }
    }

    private final TcpSock listener;
    private final Coro coro;
    final int port;

    private FakeServer(TcpSock listener, int port, Script script) {
        this.listener = listener;
        this.port = port;
        this.coro = Coro.spawn("fake-postgres", () -> {
            try (TcpSock s = listener.accept()) {
                script.run(new Peer(s));
            } catch (IOException clientWentAway) {
                // the client closed first: fine for a fake
            } finally {
                listener.close();
            }
        });
    }

    static FakeServer start(Script script) throws IOException {
        for (int port = 25450; port < 25499; port++) {
            TcpSock l = TcpSock.create();
            try {
                l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                l.listen(4);
                return new FakeServer(l, port, script);
            } catch (IOException taken) {
                l.close();
            }
        }
        throw new IOException("no free port in 25450-25498 for the fake server");
    }

    PgConfig.Builder config() {
        return PgConfig.builder().host("127.0.0.1").port(port).user("u").password("p").database("d")
                .sslMode(SslMode.DISABLE);
    }

    /** Waits for the fake's coro to end (it ends when the script returns or the client goes). */
    @Override
    public void close() throws IOException {
        listener.close();
        coro.join();
    }
}
