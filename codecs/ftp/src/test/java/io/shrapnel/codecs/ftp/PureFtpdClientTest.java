package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our client against the real pure-ftpd on loopback, plain and over explicit TLS. */
@ExtendWith(CoroTestExtension.class)
class PureFtpdClientTest {
    static PureFtpd server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PureFtpd.shared();
    }

    /** Runs {@code body} with a logged-in client in a coro on a fresh loop. */
    static <T> T withClient(boolean tls, ClientBody<T> body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
                    if (tls) {
                        ftp.startTls(TlsConfig.client().trustPem(server.certificate()).build(), "localhost");
                    }
                    ftp.login(PureFtpd.USER, PureFtpd.PASSWORD);
                    return body.run(ftp);
                }
            });
        }
    }

    interface ClientBody<T> {
        T run(FtpClient ftp) throws Exception;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] download(FtpClient ftp, String file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = ftp.retrieve(file, out);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    @Test
    void readsTheMultiLineGreetingAndLogsIn() throws Exception {
        FtpReply greeting = withClient(false, FtpClient::greeting);
        assertEquals(220, greeting.code());
        assertTrue(greeting.lines().size() > 1, greeting.toString());
        assertTrue(greeting.text().contains("Pure-FTPd"), greeting.toString());
    }

    @Test
    void aWrongPasswordFailsWithTheServersCodeAndText() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            FtpException e = assertThrows(FtpException.class, () -> loop.call(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port())) {
                    ftp.login(PureFtpd.USER, "wrong");
                    return null;
                }
            }));
            assertEquals(530, e.code());
            assertFalse(e.getMessage().contains("wrong"), "the password stays out of the message: " + e.getMessage());
        }
    }

    @Test
    void featuresListTheExtensionsPureFtpdOffers() throws Exception {
        List<Boolean> has = withClient(false, ftp -> List.of(ftp.supports("MLST"), ftp.supports("SIZE"),
                ftp.supports("EPSV"), ftp.supports("UTF8"), ftp.supports("AUTH"), ftp.supports("NOSUCH")));
        assertEquals(List.of(true, true, true, true, true, false), has);
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void downloadsInEveryDataMode(DataMode mode) throws Exception {
        byte[] got = withClient(false, ftp -> {
            ftp.dataMode(mode).activePorts(20200, 20299);
            return download(ftp, "hello.txt");
        });
        assertEquals("hello from pure-ftpd\n", new String(got, UTF_8));
    }

    @ParameterizedTest
    @EnumSource(DataMode.class)
    void uploadsAndDownloadsOverTlsInEveryDataMode(DataMode mode) throws Exception {
        byte[] data = randomBytes(300_000, mode.ordinal());
        String name = "tls-" + mode + ".bin";
        byte[] got = withClient(true, ftp -> {
            ftp.dataMode(mode).activePorts(20200, 20299);
            assertEquals(data.length, ftp.store(name, new ByteArrayInputStream(data)));
            byte[] back = download(ftp, name);
            ftp.delete(name);
            return back;
        });
        assertArrayEquals(data, got);
    }

    @Test
    void storeAppendAndResume() throws Exception {
        byte[] first = randomBytes(200_000, 1);
        byte[] second = randomBytes(100_000, 2);
        withClient(false, ftp -> {
            ftp.store("a.bin", new ByteArrayInputStream(first));
            ftp.append("a.bin", new ByteArrayInputStream(second));
            assertEquals(300_000, ftp.size("a.bin"));
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            assertEquals(100_000, ftp.retrieve("a.bin", 200_000, tail));
            assertArrayEquals(second, tail.toByteArray());
            ftp.delete("a.bin");
            return null;
        });
        assertFalse(Files.exists(server.home().resolve("a.bin")));
    }

    @Test
    void directoriesRenameSizeAndTimes() throws Exception {
        Instant before = Instant.now().minusSeconds(120);
        withClient(false, ftp -> {
            ftp.mkdir("dir1");
            ftp.cwd("dir1");
            assertEquals("/dir1", ftp.pwd());
            ftp.store("f.txt", new ByteArrayInputStream("12345".getBytes(UTF_8)));
            ftp.rename("f.txt", "g.txt");
            assertEquals(5, ftp.size("g.txt"));
            Instant t = ftp.modificationTime("g.txt");
            assertTrue(t.isAfter(before) && t.isBefore(Instant.now().plusSeconds(120)), t.toString());
            assertEquals(List.of("g.txt"), ftp.names(null));
            List<FtpEntry> mlsd = ftp.mlsd(null);
            assertEquals(1, mlsd.size());
            assertEquals("g.txt", mlsd.getFirst().name());
            assertEquals(5, mlsd.getFirst().size());
            assertTrue(mlsd.getFirst().isFile());
            List<FtpEntry> list = ftp.list("/");
            FtpEntry dir = list.stream().filter(e -> e.name().equals("dir1")).findFirst().orElseThrow();
            assertTrue(dir.isDirectory());
            FtpEntry hello = list.stream().filter(e -> e.name().equals("hello.txt")).findFirst().orElseThrow();
            assertEquals(21, hello.size());
            FtpException e = assertThrows(FtpException.class, () -> ftp.rmdir("/dir1"));
            assertEquals(550, e.code());
            ftp.delete("g.txt");
            ftp.cwd("/");
            ftp.rmdir("dir1");
            ftp.noop();
            return null;
        });
        assertFalse(Files.exists(server.home().resolve("dir1")));
    }

    @Test
    void aMissingFileFailsWithCode550AndTheClientGoesOn() throws Exception {
        String after = withClient(false, ftp -> {
            FtpException e = assertThrows(FtpException.class, () -> download(ftp, "nope.txt"));
            assertEquals(550, e.code());
            assertFalse(e.truncated());
            return new String(download(ftp, "hello.txt"), UTF_8);
        });
        assertEquals("hello from pure-ftpd\n", after);
    }

    @Test
    void utf8NamesRoundTrip() throws Exception {
        String name = "zürich-東京.txt";
        List<String> names = withClient(true, ftp -> {
            assertTrue(ftp.utf8());
            ftp.store(name, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            List<String> n = ftp.names(null);
            ftp.delete(name);
            return n;
        });
        assertTrue(names.contains(name), names.toString());
    }
}
