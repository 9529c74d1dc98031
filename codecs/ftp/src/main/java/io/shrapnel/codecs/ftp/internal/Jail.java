package io.shrapnel.codecs.ftp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The server's view of its directory: maps the paths clients name to files under the root and
 * never outside it. A client path is virtual: "/" is the root, an absolute path starts there, a
 * relative one from the session's working directory; "." is dropped and ".." stops at the root
 * (as in a chroot). A name with NUL is refused. Symbolic links are followed only when they land
 * inside the root: the real path of the file, or of its nearest existing ancestor for a file about
 * to be made, must lie under the root's real path.
 *
 * <p>Threading: immutable, any thread.
 */
public final class Jail {
    private final Path root;
    private final Path realRoot;

    public Jail(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
    }

    /** A path that resolved inside the root: the client's view and the file. */
    public record Resolved(String virtual, Path file) {}

    /** Thrown for a path that would leave the root or is not a path. */
    public static final class Escape extends IOException {
        Escape(String message) {
            super(message);
        }
    }

    /**
     * Resolves {@code name} against the working directory {@code cwd} (a virtual path).
     *
     * @throws Escape if the name holds NUL or a link takes it outside the root
     */
    public Resolved resolve(String cwd, String name) throws IOException {
        if (name.indexOf('\0') >= 0) {
            throw new Escape("a path with NUL");
        }
        String virtual = normalize(name.startsWith("/") ? name : cwd + "/" + name);
        Path file = virtual.equals("/") ? root : root.resolve(virtual.substring(1));
        Path existing = file;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? null : existing.toRealPath();
        } catch (IOException e) {
            throw new Escape("a path through a broken link"); // it could point anywhere once made
        }
        if (real == null || !real.startsWith(realRoot)) {
            throw new Escape("a path outside the served directory");
        }
        return new Resolved(virtual, file);
    }

    /** "/" followed by the segments left after dropping "" and "." and applying "..", at most up to the root. */
    static String normalize(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }
}
