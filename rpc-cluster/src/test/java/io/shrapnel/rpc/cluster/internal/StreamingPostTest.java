package io.shrapnel.rpc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head of a streamed response, from a fake server coro on loopback that answers what the test says. */
class StreamingPostTest {
    static final int PORT = 24390;

    static String request;

    /**
     * Serves one connection: reads the request (kept in {@link #request}), writes {@code answer}, then
     * waits (at most 5 s) for the client to close its end.
     */
    static String post(String answer) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                TcpSock listener = TcpSock.create();
                listener.bind(new InetSocketAddress("127.0.0.1", PORT));
                listener.listen(1);
                Coro server = Coro.spawn("fake-etcd", () -> {
                    try (TcpSock c = listener.accept()) {
                        request = new String(c.recv(4096), StandardCharsets.UTF_8);
                        c.sendAll(answer.getBytes(StandardCharsets.ISO_8859_1));
                        c.shutdown(io.shrapnel.net.Direction.WRITE); // the answer ends here
                        Coro.withTimeout(java.time.Duration.ofSeconds(5), () -> {
                            while (c.recv(4096).length > 0) {
                                // until the client closes
                            }
                        });
                    }
                });
                try (StreamingPost p = StreamingPost.open(URI.create("http://127.0.0.1:" + PORT), "/v3/watch", "{\"k\":1}", 100)) {
                    return p.next();
                } finally {
                    server.join();
                    listener.close();
                }
            });
        }
    }

    @Test
    void aChunkedOkStreamIsRead() throws Exception {
        assertEquals("{\"x\":1}", post("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{\"x\":1}\n\r\n0\r\n\r\n"));
        assertNull(post("HTTP/1.1 200 OK\r\ntransfer-encoding:  Chunked \r\n\r\n0\r\n\r\n"));
    }

    @Test
    void theRequestIsAPostWithItsBody() throws Exception {
        post("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertEquals("POST /v3/watch HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 7\r\n\r\n{\"k\":1}", request);
    }

    @Test
    void headEdgesAreAccepted() throws Exception {
        assertNull(post("HTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        assertNull(post("HTTP/1.1 200 OK\r\nX: \0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        String start = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: ";
        String exact = start + "y".repeat(StreamingPost.MAX_HEAD - start.length() - 4) + "\r\n\r\n";
        assertEquals(StreamingPost.MAX_HEAD, exact.length());
        assertNull(post(exact + "0\r\n\r\n"));
    }

    @Test
    void badHeadsAreClearErrors() {
        assertTrue(fails("\r\n\r\n").contains("not an HTTP/1.x response"));
        assertTrue(fails("HTTP/1.1\r\n\r\n").contains("not an HTTP/1.x response"));
        assertTrue(fails("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").contains("answered 404 Not Found"));
        assertTrue(fails("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").contains("not a chunked stream"));
        assertTrue(fails("SSH-2.0-OpenSSH\r\n\r\n").contains("not an HTTP/1.x response"));
        assertTrue(fails("HTTP/1.1 200 OK\r\nTransfer-Enc").contains("closed before the response head ended"));
        assertTrue(fails("").contains("closed before the response head ended"));
        assertTrue(fails("HTTP/1.1 200 OK\r\nX: " + "y".repeat(20_000) + "\r\n\r\n").contains("longer than 16384"));
    }

    @Test
    void nobodyListeningIsAnIoException() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> assertThrows(IOException.class,
                    () -> StreamingPost.open(URI.create("http://127.0.0.1:" + (PORT + 1)), "/v3/watch", "{}", 100)));
        }
    }

    static String fails(String answer) {
        return assertThrows(IOException.class, () -> post(answer)).getMessage();
    }
}
