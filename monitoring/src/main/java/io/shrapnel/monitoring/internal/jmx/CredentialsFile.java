package io.shrapnel.monitoring.internal.jmx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file that tells the endpoint's owner how to connect: its URL, user name and password, in
 * {@code java.util.Properties} form. Mode 0600, owned by the server's user, written whole (a
 * temporary file in the same directory, renamed into place) so that nobody ever reads half of it,
 * and never through a symbolic link. Missing directories are made with mode 0700.
 *
 * <p>Threading: written once on the thread that starts the endpoint; removed by its close.
 */
public final class CredentialsFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CredentialsFile() {
    }

    /** Writes {@code url}, {@code user} and {@code password} to {@code file} (mode 0600). */
    public static void write(Path file, String url, String user, String password) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + " is a symbolic link; the JMX credentials file is never written through one");
        }
        String text = "# Shrapnel JMX endpoint of process " + ProcessHandle.current().pid() + "\n"
                + "# jconsole: paste the url as a remote process, then the user and the password\n"
                + "url=" + url.replace(":", "\\:") + "\n"
                + "user=" + user + "\n"
                + "password=" + password + "\n";
        Path tmp = Files.createTempFile(dir, ".jmx-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, text, UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        PosixFileAttributes a = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.permissions().equals(OWNER_ONLY)) {
            throw new IOException(target + " has mode " + PosixFilePermissions.toString(a.permissions())
                    + " instead of rw-------");
        }
    }

    /** The default place: {@code ~/.shrapnel/jmx/<pid>-<port>.properties}. */
    public static Path defaultPath(int port) {
        return Path.of(System.getProperty("user.home"), ".shrapnel", "jmx",
                ProcessHandle.current().pid() + "-" + port + ".properties");
    }
}
