package io.shrapnel.dashboard.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file that tells the dashboard's owner its URL and token: mode 0600, in a directory of mode
 * 0700 when the dashboard creates it, so other local users cannot read it.
 */
public final class TokenFile {
    private TokenFile() {}

    /** The default directory: {@code ~/.shrapnel/dashboard}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".shrapnel", "dashboard");
    }

    /** Writes {@code url} and {@code token} to {@code dir/<pid>-<port>.token}; returns the file. */
    public static Path write(Path dir, int port, String url, String token) throws IOException {
        // a directory made here is 0700; one that exists keeps its mode (it may be shared, like /tmp):
        // the file's own 0600 guards the token there
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve(ProcessHandle.current().pid() + "-" + port + ".token");
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            throw new IOException("someone created " + file + " meanwhile; not writing a token into it", raced);
        }
        Files.writeString(file, "url=" + url + "\ntoken=" + token + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }
}
