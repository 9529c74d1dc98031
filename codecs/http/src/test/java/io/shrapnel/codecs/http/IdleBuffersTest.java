package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kept-alive connection gives its buffers back between requests and takes them again for the next
 * one, on a real socket: pipelined requests, bodies and large heads are served as before.
 */
@ExtendWith(CoroTestExtension.class)
class IdleBuffersTest {
    private LiveServer live;
    private final AtomicReference<ServerSession> session = new AtomicReference<>();
    /** Whether the session held its buffers while each handler ran. */
    private final ConcurrentLinkedQueue<Boolean> heldWhileServing = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        Router app = Router.create()
                .get("/{name}", (req, res) -> {
                    remember(req);
                    res.send("got " + req.path());
                })
                .post("/echo", (req, res) -> {
                    remember(req);
                    res.contentType("application/octet-stream").send(req.bodyBytes());
                });
        live = new LiveServer(app, Limits.defaults().withIdleTimeout(Duration.ofSeconds(20)));
    }

    private void remember(Request req) {
        ServerSession s = req.exchange().session;
        session.set(s);
        heldWhileServing.add(s.holdsBuffers());
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    private boolean idleWithoutBuffers() throws Exception {
        ServerSession s = session.get();
        return s != null && live.onLoop(() -> s.isIdle() && !s.holdsBuffers());
    }

    @Test
    void aKeptAliveConnectionHoldsNoBuffersBetweenRequests() throws Exception {
        try (Socket c = connect()) {
            for (int i = 0; i < 3; i++) {
                send(c, "GET /r" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("got /r" + i, body(readResponse(c.getInputStream())));
                await().atMost(Duration.ofSeconds(10)).until(this::idleWithoutBuffers);
            }
            ServerSession first = session.get();
            send(c, "GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("got /again", body(readResponse(c.getInputStream())));
            assertSame(first, session.get(), "the same kept-alive connection");
        }
        assertEquals(4, heldWhileServing.size());
        assertTrue(heldWhileServing.stream().allMatch(b -> b), "buffers are held while a request is served");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndTheBuffersGoBackAfterTheLast() throws Exception {
        String bigHeader = "X-Pad: " + "p".repeat(3000) + "\r\n"; // longer than the idle probe
        String body = "0123456789".repeat(100);
        try (Socket c = connect()) {
            send(c, "GET /one HTTP/1.1\r\nHost: x\r\n" + bigHeader + "\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = c.getInputStream();
            assertEquals("got /one", body(readResponse(in)));
            assertEquals(body, body(readResponse(in)));
            assertEquals("got /three", body(readResponse(in)));
            await().atMost(Duration.ofSeconds(10)).until(this::idleWithoutBuffers);
            // A request bigger than the probe that waited for it arrives whole after the idle wait.
            send(c, "GET /four HTTP/1.1\r\nHost: x\r\n" + bigHeader + "\r\n");
            assertEquals("got /four", body(readResponse(in)));
        }
    }

    @Test
    void expectContinueStillWorksAfterAnIdleWait() throws Exception {
        try (Socket c = connect()) {
            send(c, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("got /first", body(readResponse(c.getInputStream())));
            await().atMost(Duration.ofSeconds(10)).until(this::idleWithoutBuffers);
            send(c, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            InputStream in = c.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", line(in));
            assertEquals("", line(in));
            send(c, "hello");
            assertEquals("hello", body(readResponse(in)));
        }
    }

    private Socket connect() throws IOException {
        Socket c = new Socket();
        c.connect(new InetSocketAddress("127.0.0.1", live.port), 5000);
        c.setSoTimeout(10_000);
        return c;
    }

    private static void send(Socket c, String s) throws IOException {
        OutputStream o = c.getOutputStream();
        o.write(s.getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed after " + sb);
            }
            sb.append((char) b);
        }
        assertTrue(sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r', sb.toString());
        return sb.substring(0, sb.length() - 1);
    }

    /** One response with a Content-Length: its head and body. */
    private static String readResponse(InputStream in) throws IOException {
        String status = line(in);
        assertEquals("HTTP/1.1 200 OK", status);
        int length = -1;
        StringBuilder head = new StringBuilder(status).append("\r\n");
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            head.append(l).append("\r\n");
            if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(l.substring(15).trim());
            }
        }
        assertFalse(length < 0, head.toString());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] b = in.readNBytes(length);
        assertNotNull(b);
        assertEquals(length, b.length);
        body.write(b);
        return head + "\r\n" + body.toString(StandardCharsets.ISO_8859_1);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
