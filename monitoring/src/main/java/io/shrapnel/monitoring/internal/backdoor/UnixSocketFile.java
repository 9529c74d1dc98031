package io.shrapnel.monitoring.internal.backdoor;

import io.shrapnel.net.UnixSock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A listening Unix-domain socket at a path, made so that nobody else can ever connect to it:
 * the socket is bound inside a fresh directory only the owner can enter, given mode 0600 there, and
 * then renamed into place. A file already at the path is replaced only if it is a socket nobody
 * listens on (a stale one from a process that died); a live socket or any other kind of file is left
 * alone and reported.
 *
 * <p>Threading: {@link #listen} on the thread that opens the backdoor; {@link #remove} from any thread.
 */
public final class UnixSocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Object fileKey;

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    public Path path() {
        return path;
    }

    /** Listens on {@code path} with mode 0600; returns the file (to remove it later) and sets {@code into[0]}. */
    public static UnixSocketFile listen(Path path, int backlog, UnixSock[] into) throws IOException {
        Path target = path.toAbsolutePath();
        checkStale(target);
        Path dir = Files.createTempDirectory(target.getParent(), ".shrapnel-bd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = dir.resolve("s");
        UnixSock sock = UnixSock.create();
        try {
            sock.bind(tmp);
            sock.listen(backlog);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            // rename(2): atomic, and it replaces a stale socket at the target in the same step.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            into[0] = sock;
            return new UnixSocketFile(target, Files.readAttributes(target, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"));
        } catch (IOException | RuntimeException e) {
            sock.close();
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static void checkStale(Path target) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "it is not a socket, so the backdoor will not replace it; choose another path or remove it");
        }
        // Non-blocking: a blocking connect to a live listener whose backlog is full would wait forever.
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(target)); // connected, or pending: someone listens
        } catch (ConnectException refused) {
            return; // nobody listens: stale, and replaced by the rename
        } catch (IOException e) {
            throw new IOException("cannot tell whether " + target + " is a live socket (" + e.getMessage()
                    + "); remove it yourself if it is stale", e);
        }
        throw new FileAlreadyExistsException(target.toString(), null,
                "a live process listens on it (another backdoor?); stop it or choose another path");
    }

    /** Deletes the socket file if it is still the one this made (not one that replaced it since). */
    public void remove() {
        try {
            Object now = Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
            if (Objects.equals(now, fileKey)) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            // already removed, or replaced and then removed: nothing of ours is left
        }
    }
}
