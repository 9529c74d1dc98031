package io.shrapnel.codecs.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's path mapping and listing lines, without a network. */
class JailAndListingTest {
    @TempDir
    Path dir;

    @Test
    void normalizeKeepsEverythingUnderTheRoot() {
        assertEquals("/", Jail.normalize("/"));
        assertEquals("/", Jail.normalize("/../.."));
        assertEquals("/a/c", Jail.normalize("/a/./b/../c/"));
        assertEquals("/etc/passwd", Jail.normalize("/x/../../../etc//passwd"));
        assertEquals("/a b", Jail.normalize("a b"));
        assertEquals("/", Jail.normalize(""));
    }

    @Test
    void resolvesRelativeAndAbsoluteNamesInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Jail jail = new Jail(root);
        assertEquals(new Jail.Resolved("/sub/f", root.toAbsolutePath().resolve("sub/f")), jail.resolve("/sub", "f"));
        assertEquals(new Jail.Resolved("/f", root.toAbsolutePath().resolve("f")), jail.resolve("/sub", "/f"));
        assertEquals(new Jail.Resolved("/", root.toAbsolutePath()), jail.resolve("/sub", "../.."));
        assertEquals(new Jail.Resolved("/new/deeper", root.toAbsolutePath().resolve("new/deeper")),
                jail.resolve("/", "new/deeper"));
        Jail.Escape nul = assertThrows(Jail.Escape.class, () -> jail.resolve("/", "a\0b"));
        assertEquals("a path with NUL", nul.getMessage());
        assertThrows(Jail.Escape.class, () -> jail.resolve("/", "\0a"));
    }

    @Test
    void linksOutAndBrokenLinksAreEscapes() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("broken"), dir.resolve("nothing"));
        Files.createSymbolicLink(root.resolve("self"), root);
        Jail jail = new Jail(root);
        assertEquals("a path outside the served directory",
                assertThrows(Jail.Escape.class, () -> jail.resolve("/", "out/x")).getMessage());
        assertEquals("a path through a broken link",
                assertThrows(Jail.Escape.class, () -> jail.resolve("/", "broken")).getMessage());
        assertEquals("/self/x", jail.resolve("/", "self/x").virtual());
    }

    @Test
    void aRootReachedThroughALinkStillWorks() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Files.writeString(real.resolve("f"), "x");
        Jail jail = new Jail(link);
        assertEquals("/f", jail.resolve("/", "f").virtual());
    }

    @Test
    void listingLines() throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "12345");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-12-06T18:25:07Z")));
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        assertEquals("-rw-r----- 1 ftp ftp 5 Dec 06 18:25 f.txt", Listing.list("f.txt", Listing.attributes(f), now));
        assertEquals("-rw-r----- 1 ftp ftp 5 Dec 06  2026 f.txt",
                Listing.list("f.txt", Listing.attributes(f), Instant.parse("2027-12-07T00:00:00Z")));
        assertEquals("-rw-r----- 1 ftp ftp 5 Dec 06  2026 f.txt",
                Listing.list("f.txt", Listing.attributes(f), Instant.parse("2025-12-07T00:00:00Z")));
        assertEquals("-rw-r----- 1 ftp ftp 5 Dec 06  2026 f.txt", Listing.list("f.txt", Listing.attributes(f),
                Instant.parse("2026-12-06T18:25:07Z").plusSeconds(180L * 86_400)), "180 days is no longer recent");
        assertEquals("-rw-r----- 1 ftp ftp 5 Dec 06 18:25 f.txt", Listing.list("f.txt", Listing.attributes(f),
                Instant.parse("2026-12-06T18:25:07Z").plusSeconds(180L * 86_400 - 1)));
        assertEquals("type=file;size=5;modify=20261206182507; f.txt", Listing.mlsd("f.txt", Listing.attributes(f)));
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x--x"));
        assertTrue(Listing.list("d", Listing.attributes(d), now).startsWith("drwxr-x--x 1 ftp ftp "));
        assertTrue(Listing.mlsd("d", Listing.attributes(d)).startsWith("type=dir;"));
        Path l = Files.createSymbolicLink(dir.resolve("l"), dir.resolve("nowhere"));
        assertTrue(Listing.list("l", Listing.attributes(l), now).startsWith("l"));
        assertTrue(Listing.mlsd("l", Listing.attributes(l)).startsWith("type=OS.unix=symlink;"));
        assertEquals("19700101000000", Listing.timeVal(Instant.EPOCH));
    }
}
