package io.shrapnel.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.net.Direction;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Chat over telnet (or nc): one coro accepts, one coro per connection reads lines of at most
 * {@value #MAX_LINE} bytes, and one writer actor per connection sends what its rooms say.
 */
public final class TelnetChat {
    /** The longest line a client may send. */
    public static final int MAX_LINE = 1024;

    private TelnetChat() {}

    /** Binds {@code address} and returns the listening socket; {@link #serve} accepts on it. */
    public static TcpSock listen(InetSocketAddress address) throws IOException {
        TcpSock s = TcpSock.create();
        s.bind(address);
        s.listen(TcpServer.defaultBacklog());
        return s;
    }

    /** Accepts until the listener closes; each connection gets its own coro. */
    public static void serve(TcpSock listener) throws IOException {
        while (true) {
            TcpSock conn = listener.accept();
            Coro.spawn("chat-telnet", () -> session(conn));
        }
    }

    static void session(TcpSock conn) {
        ActorRef<Out> out = Writer.spawn("chat-telnet-writer", new Writer.Sink() {
            @Override
            public void write(String line) throws IOException {
                conn.sendAll((line + "\r\n").getBytes(UTF_8));
            }

            @Override
            public void close() throws IOException {
                closeGracefully(conn);
            }
        });
        LineReader lines = new LineReader(conn::recvInto, MAX_LINE);
        ChatSession.run(lines::readLine, out);
    }

    /**
     * Ends the output first (FIN after the last line), then reads and drops what the client still
     * sends, up to {@link #DRAIN_BYTES} or {@link #DRAIN_TIME}, then closes: closing a socket whose
     * receive buffer holds unread bytes (the rest of an overlong line) makes the kernel send a reset,
     * which can destroy the farewell line before the client reads it.
     */
    static void closeGracefully(TcpSock conn) throws IOException {
        try (conn) {
            conn.shutdown(Direction.WRITE);
            byte[] sink = new byte[4096];
            Coro.withTimeout(DRAIN_TIME, () -> {
                int n;
                int total = 0;
                while (total < DRAIN_BYTES && (n = conn.recvInto(sink, 0, sink.length)) > 0) {
                    total += n;
                }
                return total;
            });
        } catch (TimeoutError | IOException e) {
            // a client that keeps sending or never closes: the close resets it
        } catch (Exception e) {
            throw new IllegalStateException(e); // the body throws nothing else checked
        }
    }

    private static final int DRAIN_BYTES = 64 * 1024;
    private static final java.time.Duration DRAIN_TIME = java.time.Duration.ofSeconds(2);
}
