package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the files under one directory for GET and HEAD: {@code index.html} for a directory,
 * {@code Last-Modified} and {@code ETag} with 304 for {@code If-Modified-Since} / {@code If-None-Match},
 * single byte ranges (206, 416), a content type from the extension. Nothing outside the directory is
 * ever served: {@code ..} segments, encoded or not, are refused, and so is a symlink that leads out.
 *
 * <pre>{@code
 * router.get("/static/{path...}", StaticFiles.serve(Path.of("www")));   // the rest of the path
 * router.get("/{path...}", StaticFiles.serve(Path.of("www")));          // the whole site
 * }</pre>
 *
 * <p>Every file-system call (the stat and symlink check, the open, each 64 KiB read) runs on the
 * kernel's offload threads ({@link Coro#offload}), so a slow disk stalls only the requests that
 * wait for it, never the other connections of the loop. The stat, the open and the first 64 KiB
 * go in one trip, so a file of up to 64 KiB costs one hand-off to those threads and back.
 *
 * <p>Threading: immutable; any loop.
 */
public final class StaticFiles implements Handler {
    private static final int CHUNK = 64 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("wasm", "application/wasm"), Map.entry("pdf", "application/pdf"),
            Map.entry("woff2", "font/woff2"), Map.entry("mp4", "video/mp4"));

    private final Path root;
    private final Path realRoot;

    private StaticFiles(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    /** Serves {@code root}. The file is {@code pathParam("path")} if the route has one, else the request path. */
    public static StaticFiles serve(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        return new StaticFiles(root);
    }

    /** The content type for a file name (by its extension; application/octet-stream if unknown). */
    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    @Override
    public void handle(Request req, Response res) throws IOException {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            res.status(405).header("Allow", "GET, HEAD").send("405 Method Not Allowed\n");
            return;
        }
        String rel = req.pathParam("path");
        List<String> segments = rel != null ? List.of(rel.split("/", -1)) : PathSegments.split(req.path());
        StringBuilder clean = new StringBuilder();
        for (String s : segments) {
            if (s.equals("..") || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
                notFound(res);
                return;
            }
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (clean.length() > 0) {
                clean.append('/');
            }
            clean.append(s);
        }
        Path file = root.resolve(clean.toString()).normalize();
        if (!file.startsWith(root)) {
            notFound(res);
            return;
        }
        boolean slash = req.path().endsWith("/");
        Prepared p;
        try {
            // One trip to the offload threads for the stat, the symlink check, the open and the first
            // 64 KiB: each trip is a hand-off to another thread and back (two context switches when
            // the loop and the offload threads share a core), so a small file costs one, not three.
            p = offload(() -> prepare(req, file, slash));
        } catch (IOException | SecurityException e) {
            notFound(res);
            return;
        }
        if (p == null) {
            notFound(res);
        } else if (p.located() == REDIRECT) {
            String to = req.path() + "/" + (req.query() != null ? "?" + req.query() : "");
            res.status(301).header("Location", to).send("");
        } else {
            send(req, res, p);
        }
    }

    /** A regular file to serve, with what one stat said of it. */
    private record Located(Path file, BasicFileAttributes attrs) {}

    /** A directory asked for without its slash. */
    private static final Located REDIRECT = new Located(null, null);

    /**
     * What the file system says about {@code file}: a stat, {@code index.html} for a directory, the
     * check that no symlink leads out of the tree. Blocking: called off the loop. Null: not found.
     */
    private Located locate(Path file, boolean slash) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class); // follows links
        Path f = file;
        if (attrs.isDirectory()) {
            if (!slash) {
                return REDIRECT;
            }
            f = file.resolve("index.html");
            attrs = Files.readAttributes(f, BasicFileAttributes.class);
        }
        if (!f.toRealPath().startsWith(realRoot) || !attrs.isRegularFile()) {
            return null; // a symlink out of the tree, or no regular file
        }
        return new Located(f, attrs);
    }

    /** A blocking file-system call, on the kernel's offload threads so that a slow disk holds no loop. */
    private static <T> T offload(java.util.concurrent.Callable<T> call) throws IOException {
        try {
            return Coro.offload(call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void notFound(Response res) throws IOException {
        res.status(404).send("404 Not Found\n");
    }

    /**
     * What one trip to the offload threads found out and read: the file, the response it gets (a
     * status, the bytes from {@code start} to {@code end}), the first chunk of those bytes, and the
     * open channel while more remain (else null).
     */
    private record Prepared(Located located, String etag, Instant modified, int status, long start, long end,
                            ByteBuffer first, FileChannel rest) {}

    /** Off the loop: {@link #locate}, then the response's plan, then the open and the first read. */
    private Prepared prepare(Request req, Path file, boolean slash) throws IOException {
        Located found = locate(file, slash);
        if (found == null) {
            return null;
        }
        if (found == REDIRECT) {
            return new Prepared(REDIRECT, null, null, 301, 0, -1, null, null);
        }
        BasicFileAttributes attrs = found.attrs();
        long size = attrs.size();
        Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(attrs.lastModifiedTime().toMillis()) + "\"";
        if (notModified(req, etag, modified)) {
            return new Prepared(found, etag, modified, 304, 0, -1, null, null);
        }
        int status = 200;
        long start = 0;
        long end = size - 1;
        String range = req.header("Range");
        if (range != null && req.method().equals("GET") && rangeStillValid(req, etag, modified)) {
            long[] r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                return new Prepared(found, etag, modified, 416, 0, -1, null, null);
            }
            if (r != null) {
                status = 206;
                start = r[0];
                end = r[1];
            }
        }
        long length = end - start + 1;
        if (req.method().equals("HEAD") || length == 0) {
            return new Prepared(found, etag, modified, status, start, end, null, null);
        }
        FileChannel ch = FileChannel.open(found.file(), StandardOpenOption.READ);
        ByteBuffer first = Chunks.take();
        try {
            first.limit((int) Math.min(CHUNK, length));
            if (ch.read(first, start) < 0) {
                // Shorter than its stat said: a server error (500), not a missing file (404).
                throw new java.io.UncheckedIOException(new IOException(found.file() + " shrank while it was being read"));
            }
            first.flip();
            boolean more = first.remaining() < length;
            Prepared p = new Prepared(found, etag, modified, status, start, end, first, more ? ch : null);
            if (!more) {
                ch.close();
            }
            return p;
        } catch (IOException | RuntimeException e) {
            Chunks.give(first);
            ch.close();
            throw e;
        }
    }

    private static void send(Request req, Response res, Prepared p) throws IOException {
        Located found = p.located();
        long size = found.attrs().size();
        res.header("ETag", p.etag()).header("Last-Modified", HttpDate.format(p.modified())).header("Accept-Ranges", "bytes");
        if (p.status() == 304) {
            res.status(304).send(new byte[0]);
            return;
        }
        res.contentType(contentType(found.file().getFileName().toString()));
        if (p.status() == 416) {
            res.status(416).header("Content-Range", "bytes */" + size).send(new byte[0]);
            return;
        }
        if (p.status() == 206) {
            res.status(206).header("Content-Range", "bytes " + p.start() + "-" + p.end() + "/" + size);
        }
        long length = p.end() - p.start() + 1;
        res.header("Content-Length", Long.toString(length));
        BodyOutput out = (BodyOutput) res.outputStream();
        ByteBuffer bb = p.first();
        if (bb == null) {
            return; // HEAD, or an empty file
        }
        FileChannel ch = p.rest();
        try {
            long pos = p.start() + bb.remaining();
            long left = length - bb.remaining();
            out.write(bb); // a direct buffer: the socket sends it without a copy
            while (left > 0) {
                bb.clear().limit((int) Math.min(CHUNK, left));
                long at = pos;
                int n = offload(() -> ch.read(bb, at));
                if (n < 0) {
                    throw new IOException(found.file() + " shrank while it was being sent");
                }
                bb.flip();
                out.write(bb);
                pos += n;
                left -= n;
            }
        } finally {
            Chunks.give(bb);
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * The direct buffers files are read into and sent from, CHUNK bytes each, shared by every
     * StaticFiles of the JVM: a direct buffer is read into and written from without the copy
     * through a temporary direct buffer that a heap array costs on each side. At most
     * {@link #KEPT} are kept; a burst beyond that allocates and leaves the extra ones to the GC.
     * Threading: any thread (offload threads take, loops give back).
     */
    static final class Chunks {
        static final int KEPT = 64;
        private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
        private static final AtomicInteger FREE_COUNT = new AtomicInteger();

        private Chunks() {}

        static ByteBuffer take() {
            ByteBuffer b = FREE.poll();
            if (b == null) {
                return ByteBuffer.allocateDirect(CHUNK);
            }
            FREE_COUNT.decrementAndGet();
            return b.clear();
        }

        /** How many are kept now (for tests). */
        static int kept() {
            return FREE_COUNT.get();
        }

        static void give(ByteBuffer b) {
            if (FREE_COUNT.incrementAndGet() <= KEPT) {
                FREE.offer(b);
            } else {
                FREE_COUNT.decrementAndGet();
            }
        }
    }

    /** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2). */
    private static boolean notModified(Request req, String etag, Instant modified) {
        String inm = req.header("If-None-Match");
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        Instant since = HttpDate.parse(req.header("If-Modified-Since"));
        return since != null && !modified.isAfter(since);
    }

    private static boolean rangeStillValid(Request req, String etag, Instant modified) {
        String ifRange = req.header("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Instant at = HttpDate.parse(ifRange);
        return at != null && at.equals(modified);
    }
}
