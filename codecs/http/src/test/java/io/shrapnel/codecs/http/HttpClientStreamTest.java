package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpClient#stream}: bodies read as they arrive from the library's own server (chunked and
 * sized), abandoned midway, and bad framing from a fake server coro on loopback. Ports 24392-24393.
 */
class HttpClientStreamTest {
    static final int SERVER_PORT = 24392;
    static final int FAKE_PORT = 24393;

    /** Runs {@code body} on a fresh loop with our server on {@link #SERVER_PORT} serving {@code app}. */
    private static void withServer(Router app, io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                HttpServer server = HttpServer.builder().address(new InetSocketAddress("127.0.0.1", SERVER_PORT))
                        .handler(app).build().start();
                try {
                    body.run();
                } finally {
                    server.stop(Duration.ofSeconds(1));
                }
            });
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + SERVER_PORT + path;
    }

    @Test
    void aChunkedBodyIsReadPieceByPieceAsTheServerWritesIt() throws Exception {
        Fifo<String> gate = new Fifo<>();
        Router app = Router.create().get("/drip", (req, res) -> {
            OutputStream o = res.outputStream();
            o.write("first\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            o.write((gate.pop() + "\n").getBytes(StandardCharsets.UTF_8)); // only once the client has read "first"
        });
        withServer(app, () -> {
            try (HttpClient client = HttpClient.builder().build();
                 StreamedResponse r = client.stream(ClientRequest.get(url("/drip")))) {
                assertEquals(200, r.status());
                assertEquals("chunked", r.header("Transfer-Encoding"));
                assertEquals("HTTP/1.1", r.version());
                byte[] buf = new byte[64];
                int n = r.body().read(buf);
                assertEquals("first\n", new String(buf, 0, n, StandardCharsets.UTF_8));
                assertFalse(r.isComplete());
                gate.push("second");
                assertEquals("second\n", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
                assertTrue(r.isComplete());
                assertEquals(-1, r.body().read());
                r.close();
                assertEquals(1, client.idleConnections(url("/")), "a body read to its end gives the connection back");
                assertTrue(r.toString().contains("200"));
            }
        });
    }

    @Test
    void aSizedBodyLargerThanTheClientsMaxBodyIsStreamedInBoundedPieces() throws Exception {
        byte[] big = new byte[1_000_000];
        new Random(7).nextBytes(big);
        Router app = Router.create().get("/big", (req, res) -> res.send(big));
        withServer(app, () -> {
            try (HttpClient client = HttpClient.builder().limits(Limits.defaults().withMaxBody(1000)).build()) {
                assertThrows(HttpProtocolException.class, () -> client.get(url("/big")), "send keeps its limit");
                try (StreamedResponse r = client.stream(ClientRequest.get(url("/big")))) {
                    assertEquals("1000000", r.header("Content-Length"));
                    InputStream in = r.body();
                    byte[] got = new byte[big.length];
                    int at = 0;
                    byte[] buf = new byte[4096];
                    int reads = 0;
                    for (int n; (n = in.read(buf)) > 0; reads++) {
                        System.arraycopy(buf, 0, got, at, n);
                        at += n;
                    }
                    assertEquals(big.length, at);
                    assertArrayEquals(big, got);
                    assertTrue(reads >= big.length / buf.length, "read in pieces of the caller's buffer: " + reads);
                    in.close(); // closing the body closes the response
                    assertEquals(1, client.idleConnections(url("/")));
                }
            }
        });
    }

    @Test
    void closingMidStreamAbandonsTheConnectionAndWakesAParkedReader() throws Exception {
        Fifo<String> never = new Fifo<>();
        Router app = Router.create().get("/endless", (req, res) -> {
            OutputStream o = res.outputStream();
            o.write("tick\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            never.pop();
        });
        withServer(app, () -> {
            try (HttpClient client = HttpClient.builder().build()) {
                StreamedResponse r = client.stream(ClientRequest.get(url("/endless")));
                assertEquals(5, r.body().read(new byte[16]));
                Coro reader = Coro.spawn("reader", () -> {
                    IOException e = assertThrows(IOException.class, () -> r.body().read(new byte[16]));
                    assertTrue(e.getMessage() != null);
                });
                Coro.sleep(Duration.ofMillis(20)); // the reader parks in read
                r.close();
                reader.join();
                r.close(); // twice is fine
                assertEquals(0, client.idleConnections(url("/")), "an abandoned stream's connection is closed, not reused");
                assertThrows(IOException.class, () -> r.body().read());
                never.push("end");
                // the client still works afterwards, on a new connection
                try (StreamedResponse again = client.stream(ClientRequest.get(url("/missing")))) {
                    assertEquals(404, again.status());
                    again.body().readAllBytes();
                }
            }
        });
    }

    @Test
    void aPostIsStreamedToo() throws Exception {
        Router app = Router.create().post("/echo", (req, res) -> res.send(req.bodyBytes()));
        withServer(app, () -> {
            try (HttpClient client = HttpClient.builder().build();
                 StreamedResponse r = client.stream(ClientRequest.post(url("/echo"), "{\"a\":1}"))) {
                assertEquals("{\"a\":1}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
        });
    }

    // ---- bad input from a fake server ----

    /** Serves {@code answer} to one connection on {@link #FAKE_PORT} and returns what reading the streamed body gave. */
    static byte[] readFromFake(String answer) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                TcpSock listener = TcpSock.create();
                listener.bind(new InetSocketAddress("127.0.0.1", FAKE_PORT));
                listener.listen(1);
                Coro server = Coro.spawn("fake-server", () -> {
                    try (TcpSock c = listener.accept()) {
                        c.recv(4096);
                        c.sendAll(answer.getBytes(StandardCharsets.ISO_8859_1));
                        c.shutdown(io.shrapnel.net.Direction.WRITE);
                        Coro.withTimeout(Duration.ofSeconds(5), () -> {
                            while (c.recv(4096).length > 0) {
                                // until the client closes
                            }
                        });
                    }
                });
                int before = Coro.current().scheduler().liveCoros();
                try (HttpClient client = HttpClient.builder().timeout(Duration.ofSeconds(5)).build()) {
                    StreamedResponse r = client.stream(ClientRequest.get("http://127.0.0.1:" + FAKE_PORT + "/s"));
                    try {
                        return r.body().readAllBytes();
                    } catch (IOException e) {
                        r.close();
                        assertEquals(0, client.idleConnections("http://127.0.0.1:" + FAKE_PORT + "/"), "a broken stream's connection is closed");
                        throw e;
                    } finally {
                        r.close();
                    }
                } finally {
                    server.join(); // ends only once the client closed the connection: nothing left open
                    listener.close();
                    assertEquals(before - 1, Coro.current().scheduler().liveCoros(), "no coro left behind");
                }
            });
        }
    }

    static String chunked(String body) {
        return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
    }

    @Test
    void wellFormedFakeAnswersAreRead() throws Exception {
        assertEquals("abcdef", new String(readFromFake(chunked("3\r\nabc\r\n3;ext=1\r\ndef\r\n0\r\n\r\n")), StandardCharsets.US_ASCII));
        assertEquals("hi", new String(readFromFake("HTTP/1.0 200 OK\r\n\r\nhi"), StandardCharsets.US_ASCII), "up to the close");
        assertEquals("xy", new String(readFromFake(chunked("2\r\nxy\r\n0\r\nTrailer: 1\r\n\r\n")), StandardCharsets.US_ASCII));
    }

    @Test
    void aTruncatedChunkIsAnEofError() {
        assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> readFromFake(chunked("5\r\nab"))));
        assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> readFromFake(chunked("5\r\nabcde"))));
        assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> readFromFake(chunked("3\r\nabc\r\n"))));
        assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> readFromFake(chunked("3\r\nabc\r\n0\r\n"))));
        assertInstanceOf(EOFException.class, assertThrows(IOException.class,
                () -> readFromFake("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")));
    }

    @Test
    void anOversizedChunkHeaderIsRefusedWithoutBuffering() {
        IOException e = assertThrows(IOException.class, () -> readFromFake(chunked("1;" + "x".repeat(10_000) + "\r\na\r\n0\r\n\r\n")));
        assertInstanceOf(HttpProtocolException.class, e);
        IOException zeros = assertThrows(IOException.class, () -> readFromFake(chunked("0".repeat(20_000) + "1\r\na\r\n0\r\n\r\n")));
        assertInstanceOf(HttpProtocolException.class, zeros);
    }

    @Test
    void malformedChunkSizesAreProtocolErrors() {
        for (String bad : new String[] {"zz\r\n", "\r\n", "-1\r\n", " 5\r\nabcde\r\n", "5 \r\nabcde\r\n", "FFFFFFFFFFFFFFFFFF\r\n",
                "3\r\nabcXY0\r\n\r\n", "3\r\nabc\n"}) {
            IOException e = assertThrows(IOException.class, () -> readFromFake(chunked(bad)), bad);
            assertTrue(e instanceof HttpProtocolException || e instanceof EOFException, bad + ": " + e);
        }
    }

    @Test
    void aMalformedHeadFailsStreamItself() {
        assertThrows(IOException.class, () -> readFromFake("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(IOException.class, () -> readFromFake("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"));
        assertInstanceOf(EOFException.class, assertThrows(IOException.class, () -> readFromFake("")));
    }
}
