package io.shrapnel.codecs.ftp.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * The lines the server sends for one file: LIST's {@code ls -l} shape (owner and group shown as
 * "ftp", times in UTC) and MLSD's facts (RFC 3659), and MDTM's time-val.
 *
 * <p>Threading: stateless.
 */
public final class Listing {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ROOT);
    private static final DateTimeFormatter TIME_VAL = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private Listing() {}

    /** One {@code ls -l} line, e.g. {@code -rw-r--r-- 1 ftp ftp 21 Dec 06 18:25 hello.txt}. */
    public static String list(String name, BasicFileAttributes a, Instant now) {
        ZonedDateTime t = a.lastModifiedTime().toInstant().atZone(ZoneOffset.UTC);
        boolean recent = Math.abs(now.getEpochSecond() - t.toEpochSecond()) < 180L * 86_400;
        return type(a) + permissions(a) + " 1 ftp ftp " + a.size() + " " + (recent ? RECENT : OLD).format(t) + " " + name;
    }

    /** One MLSD line, e.g. {@code type=file;size=21;modify=20261206182500; hello.txt}. */
    public static String mlsd(String name, BasicFileAttributes a) {
        String type = a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : a.isSymbolicLink() ? "OS.unix=symlink" : "OS.unix=other";
        return "type=" + type + ";size=" + a.size() + ";modify=" + timeVal(a.lastModifiedTime().toInstant()) + "; " + name;
    }

    /** RFC 3659 time-val in UTC: {@code YYYYMMDDHHMMSS}. */
    public static String timeVal(Instant t) {
        return TIME_VAL.format(t.atZone(ZoneOffset.UTC));
    }

    private static char type(BasicFileAttributes a) {
        return a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : a.isRegularFile() ? '-' : 'p';
    }

    private static String permissions(BasicFileAttributes a) {
        if (!(a instanceof PosixFileAttributes p)) {
            return a.isDirectory() ? "rwxr-xr-x" : "rw-r--r--";
        }
        Set<PosixFilePermission> s = p.permissions();
        StringBuilder b = new StringBuilder(9);
        for (PosixFilePermission perm : PosixFilePermission.values()) { // owner r w x, group r w x, others r w x
            b.append(s.contains(perm) ? "rwx".charAt(perm.ordinal() % 3) : '-');
        }
        return b.toString();
    }

    /**
     * The attributes of {@code file} itself (a link is listed as a link, never followed: it may point
     * outside the root, or nowhere), POSIX ones where the file system has them.
     */
    public static BasicFileAttributes attributes(Path file) throws java.io.IOException {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
