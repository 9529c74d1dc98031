package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real socket, driven by curl and by raw sockets. */
@ExtendWith(CoroTestExtension.class)
class HttpServerTest {
    @TempDir
    Path tmp;
    private Path www;
    private LiveServer live;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        www = Files.createDirectories(tmp.resolve("www"));
        big = new byte[300_000];
        new Random(1).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Files.writeString(www.resolve("index.html"), "<html><body>index</body></html>\n");
        Files.createDirectories(www.resolve("sub"));
        Files.writeString(www.resolve("sub/a.txt"), "0123456789abcdefghij");
        Files.writeString(www.getParent().resolve("secret.txt"), "secret");
        Router app = Router.create()
                .get("/hello", (req, res) -> res.send("hello"))
                .post("/echo", (req, res) -> res.contentType("application/octet-stream").send(req.bodyBytes()))
                .get("/stream", (req, res) -> {
                    OutputStream o = res.outputStream();
                    for (int i = 0; i < 5; i++) {
                        o.write(("line " + i + "\n").getBytes());
                        o.flush();
                    }
                })
                .get("/status", StatusPage.create())
                .get("/fail", (req, res) -> {
                    throw new IllegalStateException("handler failure on purpose");
                })
                .get("/{path...}", StaticFiles.serve(www));
        live = new LiveServer(app, Limits.defaults().withMaxBody(1 << 20).withHeaderTimeout(Duration.ofMillis(500))
                .withIdleTimeout(Duration.ofMillis(800)));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    private String curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        return LiveServer.run(cmd, null);
    }

    @Test
    void curlReusesOneKeptAliveConnection() throws Exception {
        String[] err = new String[1];
        String out = LiveServer.run(List.of("curl", "-sS", "-v", live.url("/hello"), live.url("/hello"), live.url("/hello")), err);
        assertEquals("hellohellohello", out);
        assertTrue(err[0].contains("Re-using existing connection"), err[0]);
        assertEquals(1L, live.onLoop(live.server::accepted));
    }

    @Test
    void curlUploadsChunkedAndWithContinue() throws Exception {
        Path f = www.resolve("upload.bin");
        byte[] data = java.util.Arrays.copyOf(big, 200_000);
        Files.write(f, data);
        Path got = www.resolve("got.bin");
        curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + f, "-o", got.toString(), live.url("/echo"));
        assertArrayEquals(data, Files.readAllBytes(got));
        String[] err = new String[1];
        LiveServer.run(List.of("curl", "-sS", "-v", "-H", "Expect: 100-continue", "--data-binary", "@" + f, "-o", got.toString(),
                live.url("/echo")), err);
        assertTrue(err[0].contains("HTTP/1.1 100 Continue"), err[0]);
        assertArrayEquals(data, Files.readAllBytes(got));
    }

    @Test
    void curlGetsRangesAndConditionalResponses() throws Exception {
        String[] err = new String[1];
        String code = LiveServer.run(List.of("curl", "-sS", "-r", "10-19", "-o", "/dev/stdout", "-w", "|%{http_code}", live.url("/sub/a.txt")), err);
        assertEquals("abcdefghij|206", code);
        assertEquals("56789abcdefghij|206", curl("-r", "5-", "-w", "|%{http_code}", live.url("/sub/a.txt")));
        assertEquals("ghij|206", curl("-r", "-4", "-w", "|%{http_code}", live.url("/sub/a.txt")));
        assertEquals("416", curl("-r", "100-200", "-o", "/dev/null", "-w", "%{http_code}", live.url("/sub/a.txt")));
        String head = curl("-I", live.url("/sub/a.txt"));
        String etag = head.lines().filter(l -> l.startsWith("ETag:")).findFirst().orElseThrow().substring(6).trim();
        String lastModified = head.lines().filter(l -> l.startsWith("Last-Modified:")).findFirst().orElseThrow().substring(15).trim();
        assertTrue(head.contains("Content-Type: text/plain; charset=utf-8"), head);
        assertTrue(head.contains("Content-Length: 20"), head);
        assertEquals("304", curl("-H", "If-None-Match: " + etag, "-o", "/dev/null", "-w", "%{http_code}", live.url("/sub/a.txt")));
        assertEquals("304", curl("-H", "If-Modified-Since: " + lastModified, "-o", "/dev/null", "-w", "%{http_code}", live.url("/sub/a.txt")));
        assertEquals("200", curl("-H", "If-None-Match: \"other\"", "-o", "/dev/null", "-w", "%{http_code}", live.url("/sub/a.txt")));
    }

    @Test
    void servesIndexFilesAndNeverLeavesTheRoot() throws Exception {
        assertEquals("<html><body>index</body></html>\n", curl(live.url("/")));
        assertEquals("301 " + live.url("/sub/"), curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", live.url("/sub")));
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", live.url("/sub/")));
        for (String evil : new String[] {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/sub/..%2f..%2fsecret.txt",
                "/..%5csecret.txt", "/a%00.txt"}) {
            String code = curl("--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", live.url(evil));
            assertTrue(code.equals("404") || code.equals("400"), evil + " gave " + code);
        }
        Files.createSymbolicLink(www.resolve("link.txt"), www.getParent().resolve("secret.txt"));
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", live.url("/link.txt")));
        assertArrayEquals(big, curlBytes(live.url("/big.bin")));
    }

    /** Bytes the thread {@code task} (a path under /proc/self/task) has read with read-like system calls. */
    private static long rchar(String task) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task", task, "io"))) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new AssertionError("no rchar in /proc/self/task/" + task + "/io");
    }

    @Test
    void aStaticFileIsReadOffTheLoop() throws Exception {
        byte[] large = new byte[4 << 20];
        new Random(2).nextBytes(large);
        Files.write(www.resolve("large.bin"), large);
        // the loop's platform thread, as the kernel names it: a coro's system calls run on it
        String task = live.onLoop(() -> Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        long before = rchar(task);
        assertArrayEquals(large, curlBytes(live.url("/large.bin")));
        long readOnLoop = rchar(task) - before;
        assertTrue(readOnLoop < 1 << 20, "the loop thread read " + readOnLoop + " bytes for a 4 MiB file");
    }

    @Test
    void filesOfOneReadAndJustOverAreServedWholeOnOneKeptAliveConnection() throws Exception {
        byte[] data = new byte[(64 << 10) + 1];
        new Random(4).nextBytes(data);
        Files.write(www.resolve("edge-a.bin"), java.util.Arrays.copyOf(data, 64 << 10));
        Files.write(www.resolve("edge-b.bin"), data);
        Path a = Files.createTempFile(www.getParent(), "a", ".bin");
        Path b = Files.createTempFile(www.getParent(), "b", ".bin");
        Path c = Files.createTempFile(www.getParent(), "c", ".bin");
        String[] err = new String[1];
        LiveServer.run(List.of("curl", "-sS", "-v", "--max-time", "20", "-o", a.toString(), live.url("/edge-a.bin"),
                "-o", b.toString(), live.url("/edge-b.bin"), "-o", c.toString(), live.url("/edge-a.bin")), err);
        assertTrue(err[0].contains("Re-using existing connection"), err[0]);
        assertArrayEquals(java.util.Arrays.copyOf(data, 64 << 10), Files.readAllBytes(a));
        assertArrayEquals(data, Files.readAllBytes(b));
        assertArrayEquals(java.util.Arrays.copyOf(data, 64 << 10), Files.readAllBytes(c), "the same file again, after a larger one");
        assertEquals(1L, live.onLoop(live.server::accepted), "all three on one connection: none ended in an error");
    }

    private byte[] curlBytes(String url) throws Exception {
        Path out = Files.createTempFile(www.getParent(), "dl", ".bin");
        curl("-o", out.toString(), url);
        return Files.readAllBytes(out);
    }

    @Test
    void streamsAndShowsEveryCoroOnTheStatusPage() throws Exception {
        assertEquals("line 0\nline 1\nline 2\nline 3\nline 4\n", curl(live.url("/stream")));
        String status = curl(live.url("/status"));
        assertTrue(status.contains("http-accept"), status);
        assertTrue(status.contains("http-conn"), status);
        assertTrue(status.contains("StatusPage") || status.contains("RUNNING"), status);
    }

    @Test
    void answersPipelinedRequestsInOrderOnARawSocket() throws Exception {
        String out = live.raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /sub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int a = out.indexOf("\r\n\r\nhello");
        int b = out.indexOf("\r\n\r\n0123456789abcdefghij");
        int c = out.indexOf("HTTP/1.1 404 Not Found");
        assertTrue(a > 0 && b > a && c > b, out);
    }

    @Test
    void malformedRequestsGetTheirStatusAndLeakNothing() throws Exception {
        String host = "Host: x\r\n";
        String[][] cases = {
            {"400", "GET / HTTP/1.1\r\n\r\n"},
            {"400", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
            {"400", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"},
            {"400", "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nxyz\r\nabc\r\n0\r\n\r\n"},
            {"400", "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n"},
            {"501", "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n"},
            {"414", "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n" + host + "\r\n"},
            {"431", "GET / HTTP/1.1\r\n" + host + "X: " + "v".repeat(20_000) + "\r\n\r\n"},
            {"431", "GET / HTTP/1.1\r\n" + host + "A: b\r\n".repeat(101) + "\r\n"},
            {"413", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 2000000\r\n\r\n"},
            {"413", "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n" + "100000\r\n" + "x".repeat(0x100000) + "\r\n1\r\nx\r\n0\r\n\r\n"},
            {"505", "GET / HTTP/2.0\r\n" + host + "\r\n"},
            {"400", "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"},
            {"400", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n"},
            {"408", "GET / HTTP/1.1\r\nHost: x\r\n"},
            {"417", "POST /echo HTTP/1.1\r\n" + host + "Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx"},
            {"500", "GET /fail HTTP/1.1\r\n" + host + "\r\n"},
        };
        live.raw("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // warm-up: the JDK opens its own fds once
        int fds = LiveServer.openFds();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            for (String[] c : cases) {
                String out = live.raw(c[1]);
                assertTrue(out.startsWith("HTTP/1.1 " + c[0] + " "), "expected " + c[0] + " for " + HeadParser.printable(c[1]) + " but got " + out);
                assertTrue(out.contains("\r\nConnection: close\r\n"), out);
            }
        } finally {
            System.setErr(err);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> live.coros() == 1 && LiveServer.openFds() <= fds);
        assertEquals("hello", curl(live.url("/hello")));
    }

    @Test
    void aSlowClientGets408AndAnIdleOneIsClosed() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", live.port));
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write("GET /hello HTTP/1.1\r\n".getBytes());
            o.flush();
            long t0 = System.nanoTime();
            String out = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(out.startsWith("HTTP/1.1 408 Request Timeout\r\n"), out);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(8).toNanos());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", live.port));
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            String out = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // ends when the idle timeout closes it
            assertTrue(out.endsWith("\r\n\r\nhello"), out);
        }
    }

    @Test
    void oneBadConnectionDoesNotDisturbTheOthers() throws Exception {
        try (Socket slow = new Socket(); Socket garbage = new Socket()) {
            slow.connect(new InetSocketAddress("127.0.0.1", live.port));
            slow.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf".getBytes());
            garbage.connect(new InetSocketAddress("127.0.0.1", live.port));
            garbage.getOutputStream().write(new byte[] {0, 1, 2, 3, '\r', '\n', '\r', '\n'});
            for (int i = 0; i < 20; i++) {
                assertEquals("hello", curl(live.url("/hello")));
            }
            garbage.setSoTimeout(5000);
            assertTrue(new String(garbage.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 400 "));
        }
    }

    @Test
    void http10ClientsGetAnAnswerAndAClose() throws Exception {
        String out = live.raw("GET /stream HTTP/1.0\r\n\r\n");
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("Connection: close\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\nline 0\nline 1\nline 2\nline 3\nline 4\n"), out);
        assertEquals("hello", curl("--http1.0", live.url("/hello")));
    }
}
