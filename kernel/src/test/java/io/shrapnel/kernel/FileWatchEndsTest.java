package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How a file watch names itself, refuses a missing directory, and ends when its directory goes. */
@ExtendWith(CoroTestExtension.class)
class FileWatchEndsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aWatchNamesTheFileOrDirectoryItWatches(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Path file = dir.resolve("a.conf");
                Files.writeString(file, "x");
                try (FileWatch onFile = FileWatch.open(file); FileWatch onDir = FileWatch.open(dir)) {
                    assertEquals("FileWatch[" + file.toAbsolutePath().normalize() + "]", onFile.toString());
                    assertEquals(dir.toAbsolutePath().normalize(), onFile.directory());
                    assertEquals("FileWatch[" + dir.toAbsolutePath().normalize() + "]", onDir.toString());
                    assertEquals(dir.toAbsolutePath().normalize(), onDir.directory());
                }
            });
        }
    }

    @Test
    void aMissingDirectoryIsRefused(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> assertThrows(IOException.class, () -> FileWatch.open(dir.resolve("gone").resolve("x"))));
        }
    }

    @Test
    void deletingTheWatchedDirectoryEndsTheStreamWithClosed(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            FileWatch.Event last = loop.call(() -> {
                Path sub = Files.createDirectory(dir.resolve("sub"));
                try (FileWatch w = FileWatch.open(sub)) {
                    Files.delete(sub);
                    return Coro.withTimeout(PATIENCE, () -> {
                        while (true) {
                            FileWatch.Event e = w.next();
                            if (e instanceof FileWatch.Closed) {
                                return e; // without close(): the reader saw its key go invalid
                            }
                        }
                    });
                }
            });
            assertInstanceOf(FileWatch.Closed.class, last);
        }
    }

    private static int openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    @Test
    void aRefusedWatchClosesTheWatchServiceItOpened(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Path missing = dir.resolve("gone").resolve("x");
                assertThrows(IOException.class, () -> FileWatch.open(missing)); // the JDK's first-use files
                int before = openFds();
                for (int i = 0; i < 10; i++) {
                    assertThrows(IOException.class, () -> FileWatch.open(missing));
                }
                int after = openFds();
                assertTrue(after - before < 10, "10 refused watches left " + (after - before) + " descriptors open");
            });
        }
    }

    @Test
    void aWatchEndedByItsDirectoryGoingReleasesItsWatchService(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Path first = Files.createDirectory(dir.resolve("first"));
                try (FileWatch w = FileWatch.open(first)) { // the JDK's first-use files
                    Files.delete(first);
                    Coro.withTimeout(PATIENCE, () -> {
                        while (!(w.next() instanceof FileWatch.Closed)) {
                            // until the end
                        }
                    });
                }
                int before = openFds();
                for (int i = 0; i < 10; i++) {
                    Path sub = Files.createDirectory(dir.resolve("sub" + i));
                    FileWatch w = FileWatch.open(sub); // not closed: the deletion ends it
                    Files.delete(sub);
                    Coro.withTimeout(PATIENCE, () -> {
                        while (!(w.next() instanceof FileWatch.Closed)) {
                            // until the end
                        }
                    });
                }
                Coro.offload(() -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> openFds() - before < 10);
                    return null;
                });
            });
        }
    }
}
