package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Static files over a connection in memory: the exact headers, conditional and range requests, and what is refused. */
@ExtendWith(CoroTestExtension.class)
class StaticFilesTest {
    private static final Instant MODIFIED = Instant.parse("2020-01-02T03:04:05.678Z");
    private static final String LAST_MODIFIED = "Thu, 02 Jan 2020 03:04:05 GMT";
    private static final String ETAG = "\"a-" + Long.toHexString(MODIFIED.toEpochMilli()) + "\"";

    @TempDir
    Path tmp;
    private Path www;
    private StaticFiles files;
    private byte[] big;

    @BeforeEach
    void files() throws Exception {
        www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("a.txt"), "0123456789");
        Files.setLastModifiedTime(www.resolve("a.txt"), FileTime.from(MODIFIED));
        Files.writeString(www.resolve("empty.txt"), "");
        Files.createDirectories(www.resolve("dir"));
        Files.writeString(www.resolve("dir/index.html"), "<p>index</p>");
        Files.createDirectories(www.resolve("bare"));
        big = new byte[150_000];
        new Random(3).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        files = StaticFiles.serve(www);
    }

    /** The response to one request (its head lines after the first, Date left out). */
    private static String serve(Handler h, String method, String target, String... headers) throws Exception {
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (String line : headers) {
            req.append(line).append("\r\n");
        }
        MemoryTransport t = new MemoryTransport(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), 4096);
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> new ServerSession(t, h, Limits.defaults()).run());
        }
        return t.output().replace("Date: *\r\n", "");
    }

    private String get(String target, String... headers) throws Exception {
        return serve(files, "GET", target, headers);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String status(String response) {
        return response.substring(9, 12);
    }

    @Test
    void aFileComesWithItsValidatorsTypeAndLength() throws Exception {
        assertEquals("HTTP/1.1 200 OK\r\nETag: " + ETAG + "\r\nLast-Modified: " + LAST_MODIFIED + "\r\nAccept-Ranges: bytes\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789", get("/a.txt"));
        String head = serve(files, "HEAD", "/a.txt");
        assertTrue(head.endsWith("Content-Length: 10\r\nConnection: close\r\n\r\n"), head);
        String empty = get("/empty.txt");
        assertTrue(empty.endsWith("Content-Length: 0\r\nConnection: close\r\n\r\n"), empty);
        assertTrue(get("/./a.txt").endsWith("\r\n\r\n0123456789"), "'.' segments are skipped");
        assertTrue(get("//a.txt").endsWith("\r\n\r\n0123456789"), "empty segments are skipped");
    }

    @Test
    void aFileLargerThanOneReadArrivesWhole() throws Exception {
        String out = get("/big.bin");
        assertTrue(out.contains("Content-Type: application/octet-stream\r\nContent-Length: 150000\r\n"), out.substring(0, 300));
        assertTrue(java.util.Arrays.equals(big, body(out).getBytes(StandardCharsets.ISO_8859_1)));
        String range = get("/big.bin", "Range: bytes=60000-140000");
        assertEquals("206", status(range));
        assertTrue(range.contains("Content-Range: bytes 60000-140000/150000\r\n"), range.substring(0, 300));
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(big, 60000, 140001), body(range).getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void filesAtTheEdgeOfOneReadArriveWholeAndRangesAcrossItToo() throws Exception {
        for (int size : new int[] {65_535, 65_536, 65_537, 131_072, 131_073}) {
            byte[] data = java.util.Arrays.copyOf(big, size);
            Files.write(www.resolve("edge.bin"), data);
            String out = get("/edge.bin");
            assertTrue(out.contains("Content-Length: " + size + "\r\n"), size + ": " + out.substring(0, 200));
            assertTrue(java.util.Arrays.equals(data, body(out).getBytes(StandardCharsets.ISO_8859_1)), "bytes of " + size);
        }
        String across = get("/edge.bin", "Range: bytes=65530-131072");
        assertEquals("206", status(across));
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(big, 65530, 131073),
                body(across).getBytes(StandardCharsets.ISO_8859_1)), "a range across two reads");
        String last = get("/edge.bin", "Range: bytes=-1");
        assertEquals(String.valueOf((char) (big[131_072] & 0xff)), body(last), "the last byte alone");
    }

    private static long openDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void everyFileOpenedIsClosedAndEveryBufferGivenBack() throws Exception {
        java.util.List<java.nio.ByteBuffer> drained = new java.util.ArrayList<>();
        while (StaticFiles.Chunks.kept() > 0) {
            drained.add(StaticFiles.Chunks.take());
        }
        long before = openDescriptors();
        for (int i = 0; i < 60; i++) {
            assertTrue(get("/a.txt").endsWith("0123456789"));
            assertEquals(150_000, body(get("/big.bin")).length(), "a file of three reads");
            assertEquals("206", status(get("/big.bin", "Range: bytes=70000-70009")));
        }
        long after = openDescriptors();
        assertTrue(after - before < 10, "descriptors before " + before + ", after 180 files served: " + after);
        assertEquals(1, StaticFiles.Chunks.kept(), "one buffer served them all, one after the other, and is back");
        drained.forEach(StaticFiles.Chunks::give);
    }

    @Test
    void theReadBuffersArePooledUpToABound() {
        java.util.List<java.nio.ByteBuffer> taken = new java.util.ArrayList<>();
        for (int i = 0; i < StaticFiles.Chunks.KEPT + 5; i++) {
            java.nio.ByteBuffer b = StaticFiles.Chunks.take();
            assertTrue(b.isDirect());
            assertEquals(64 * 1024, b.capacity());
            assertEquals(64 * 1024, b.remaining(), "a taken buffer is cleared");
            b.position(100);
            taken.add(b);
        }
        int before = StaticFiles.Chunks.kept();
        taken.forEach(StaticFiles.Chunks::give);
        assertEquals(StaticFiles.Chunks.KEPT, StaticFiles.Chunks.kept(), "at most KEPT are kept (were " + before + ")");
        java.nio.ByteBuffer again = StaticFiles.Chunks.take();
        assertTrue(taken.stream().anyMatch(b -> b == again), "a given buffer is taken again");
        assertEquals(0, again.position(), "and comes back cleared");
        assertEquals(StaticFiles.Chunks.KEPT - 1, StaticFiles.Chunks.kept());
        StaticFiles.Chunks.give(again);
    }

    @Test
    void ifNoneMatchAnswers304ForTheTagItsWeakFormOrAStar() throws Exception {
        for (String inm : new String[] {ETAG, "W/" + ETAG, "*", "\"x\", " + ETAG, " " + ETAG + " "}) {
            String out = get("/a.txt", "If-None-Match: " + inm);
            assertEquals("HTTP/1.1 304 Not Modified\r\nETag: " + ETAG + "\r\nLast-Modified: " + LAST_MODIFIED
                    + "\r\nAccept-Ranges: bytes\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", out, inm);
        }
        assertEquals("200", status(get("/a.txt", "If-None-Match: \"x\"")));
        assertEquals("200", status(get("/a.txt", "If-None-Match: \"x\"", "If-Modified-Since: " + LAST_MODIFIED)),
                "If-None-Match wins over If-Modified-Since");
    }

    @Test
    void ifModifiedSinceAnswers304UnlessTheFileIsNewer() throws Exception {
        assertEquals("304", status(get("/a.txt", "If-Modified-Since: " + LAST_MODIFIED)));
        assertEquals("304", status(get("/a.txt", "If-Modified-Since: Thu, 02 Jan 2020 03:04:06 GMT")));
        assertEquals("200", status(get("/a.txt", "If-Modified-Since: Thu, 02 Jan 2020 03:04:04 GMT")));
        assertEquals("200", status(get("/a.txt", "If-Modified-Since: yesterday")));
    }

    @Test
    void rangesAreServedWith206OrRefusedWith416() throws Exception {
        String part = get("/a.txt", "Range: bytes=2-4");
        assertEquals("206", status(part));
        assertTrue(part.contains("Content-Range: bytes 2-4/10\r\nContent-Length: 3\r\n"), part);
        assertEquals("234", body(part));
        String none = get("/a.txt", "Range: bytes=10-");
        assertEquals("HTTP/1.1 416 Range Not Satisfiable\r\nETag: " + ETAG + "\r\nLast-Modified: " + LAST_MODIFIED
                + "\r\nAccept-Ranges: bytes\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes */10\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n", none);
        assertEquals("200", status(get("/a.txt", "Range: bytes=1-2,4-5")), "several ranges: the whole file");
        String head = serve(files, "HEAD", "/a.txt", "Range: bytes=2-4");
        assertTrue(head.startsWith("HTTP/1.1 200 ") && head.contains("Content-Length: 10\r\n"), "HEAD ignores Range: " + head);
    }

    @Test
    void ifRangeKeepsTheRangeOnlyWhileTheFileIsTheSame() throws Exception {
        assertEquals("206", status(get("/a.txt", "Range: bytes=0-0", "If-Range: " + ETAG)));
        assertEquals("200", status(get("/a.txt", "Range: bytes=0-0", "If-Range: \"other\"")));
        assertEquals("206", status(get("/a.txt", "Range: bytes=0-0", "If-Range: " + LAST_MODIFIED)));
        assertEquals("200", status(get("/a.txt", "Range: bytes=0-0", "If-Range: Thu, 02 Jan 2020 03:04:06 GMT")));
        assertEquals("200", status(get("/a.txt", "Range: bytes=0-0", "If-Range: not a date")));
    }

    @Test
    void aDirectoryIsRedirectedToItsSlashAndServesItsIndex() throws Exception {
        String redirect = get("/dir?x=1");
        assertEquals("301", status(redirect));
        assertTrue(redirect.contains("\r\nLocation: /dir/?x=1\r\n"), redirect);
        assertEquals("HTTP/1.1 301 Moved Permanently\r\nLocation: /dir/\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n", get("/dir"));
        String index = get("/dir/");
        assertTrue(index.contains("Content-Type: text/html; charset=utf-8\r\n"), index);
        assertEquals("<p>index</p>", body(index));
        assertEquals("404", status(get("/bare/")), "a directory without an index");
        assertEquals("404", status(get("/missing.txt")));
        assertEquals("404 Not Found\n", body(get("/missing.txt")));
    }

    @Test
    void nothingOutsideTheRootIsServed() throws Exception {
        for (String evil : new String[] {"/../secret.txt", "/dir/../../secret.txt", "/%2e%2e/secret.txt", "/..%5csecret.txt",
                "/a%5c.txt"}) {
            assertEquals("404", status(get(evil)), evil);
        }
        Files.writeString(www.resolve("\\x.txt"), "a name that starts with a backslash");
        assertEquals("404", status(get("/%5cx.txt")), "a backslash anywhere in a segment");
        Files.createSymbolicLink(www.resolve("link.txt"), tmp.resolve("secret.txt"));
        assertEquals("404", status(get("/link.txt")));
        Files.createSymbolicLink(www.resolve("inside.txt"), www.resolve("a.txt"));
        assertEquals("0123456789", body(get("/inside.txt")), "a link that stays inside is served");
    }

    @Test
    void theRoutesPathParameterNamesTheFile() throws Exception {
        Router r = Router.create().get("/static/{path...}", files);
        assertEquals("0123456789", body(serve(r, "GET", "/static/a.txt")));
        assertEquals("404", status(serve(r, "GET", "/static/..")));
        assertEquals("400", status(serve(r, "GET", "/static/a.txt%00")), "the router refuses a NUL before the files see it");
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        String out = serve(files, "DELETE", "/a.txt");
        assertEquals("405", status(out));
        assertTrue(out.contains("\r\nAllow: GET, HEAD\r\n"), out);
        assertEquals("405 Method Not Allowed\n", body(out));
        assertTrue(Files.exists(www.resolve("a.txt")));
    }

    @Test
    void contentTypesComeFromTheLastExtensionIgnoringCase() {
        assertEquals("image/png", StaticFiles.contentType("LOGO.PNG"));
        assertEquals("application/json", StaticFiles.contentType("a.b.json"));
        assertEquals("application/octet-stream", StaticFiles.contentType("archive.tar.gz"));
        assertEquals("application/octet-stream", StaticFiles.contentType("README"));
        assertEquals("application/octet-stream", StaticFiles.contentType("dot."));
        assertEquals("text/javascript; charset=utf-8", StaticFiles.contentType("m.mjs"));
        assertEquals("text/html; charset=utf-8", StaticFiles.contentType(".html"), "a name that is only an extension");
    }

    @Test
    void theRootMustBeADirectory() {
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.serve(www.resolve("a.txt")));
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.serve(www.resolve("nothing")));
        assertFalse(Files.isDirectory(www.resolve("a.txt")));
    }
}
