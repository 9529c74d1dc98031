package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.ftp.internal.LineReader;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsSock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against our server, and the server against path escapes and strangers. */
@ExtendWith(CoroTestExtension.class)
class OwnServerTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new ServerFixture(dir);
        Files.createDirectories(dir.resolve("outside"));
        Files.writeString(dir.resolve("outside/secret.txt"), "secret");
        Files.createSymbolicLink(fx.root.resolve("out"), dir.resolve("outside"));
        Files.createSymbolicLink(fx.root.resolve("dangling"), dir.resolve("outside/not-yet"));
        Files.createDirectories(fx.root.resolve("in"));
        Files.createSymbolicLink(fx.root.resolve("in-link"), fx.root.resolve("in"));
    }

    static <T> T withClient(boolean tls, PureFtpdClientTest.ClientBody<T> body) throws Exception {
        return fx.withServer(tls, s -> {
            try (FtpClient ftp = FtpClient.connect("127.0.0.1", s.address().getPort(), Duration.ofSeconds(10))) {
                if (tls) {
                    ftp.startTls(fx.clientTls(), "localhost");
                }
                ftp.login(ServerFixture.USER, ServerFixture.PASSWORD);
                return body.run(ftp);
            }
        });
    }

    /** Connects {@code c} to the server and reads its greeting: the reader of the replies that follow. */
    static LineReader greeted(TcpSock c, FtpServer s) throws IOException {
        c.connect(InetAddress.getLoopbackAddress(), s.address().getPort());
        LineReader r = new LineReader(c, 4096);
        r.readLine();
        return r;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyFileCommandOfOurClient(boolean tls) throws Exception {
        byte[] data = new byte[700_000];
        new Random(7).nextBytes(data);
        String d = "d" + tls;
        withClient(tls, ftp -> {
            assertTrue(ftp.supports("MLSD") && ftp.supports("SIZE") && ftp.utf8());
            ftp.mkdir(d);
            ftp.cwd(d);
            assertEquals("/" + d, ftp.pwd());
            ftp.store("f.bin", new ByteArrayInputStream(data, 0, 500_000));
            ftp.append("f.bin", new ByteArrayInputStream(data, 500_000, 200_000));
            assertEquals(700_000, ftp.size("f.bin"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            assertEquals(700_000, ftp.retrieve("f.bin", all));
            assertArrayEquals(data, all.toByteArray());
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            ftp.retrieve("f.bin", 699_000, tail);
            assertEquals(1000, tail.size());
            assertEquals(2, ftp.store("f.bin", 100, new ByteArrayInputStream(new byte[] {1, 2})));
            assertEquals(102, ftp.size("f.bin"));
            ftp.rename("f.bin", "g.bin");
            assertTrue(ftp.modificationTime("g.bin").isAfter(java.time.Instant.now().minusSeconds(600)));
            List<FtpEntry> mlsd = ftp.mlsd(null);
            assertEquals(List.of("g.bin"), mlsd.stream().map(FtpEntry::name).toList());
            assertEquals(102, mlsd.getFirst().size());
            FtpEntry listed = ftp.list("/").stream().filter(e -> e.name().equals(d)).findFirst().orElseThrow();
            assertTrue(listed.isDirectory());
            assertEquals(List.of("g.bin"), ftp.names("."));
            ftp.dataMode(DataMode.PASV);
            assertEquals(List.of("g.bin"), ftp.names(null));
            assertEquals(550, assertThrows(FtpException.class, () -> ftp.rmdir("/" + d)).code());
            ftp.delete("g.bin");
            ftp.cwd("..");
            ftp.rmdir(d);
            ftp.noop();
            assertEquals(502, assertThrows(FtpException.class, () -> {
                ftp.dataMode(DataMode.EPRT);
                ftp.names(null);
            }).code());
            return null;
        });
        assertFalse(Files.exists(fx.root.resolve(d)));
    }

    @Test
    void theRootIsAChroot() throws Exception {
        withClient(false, ftp -> {
            ftp.cwd("../../..");
            assertEquals("/", ftp.pwd());
            for (String escape : List.of("../outside/secret.txt", "/../../outside/secret.txt", "out/secret.txt",
                    "out", "dangling")) {
                FtpException e = assertThrows(FtpException.class, () -> ftp.size(escape), escape);
                assertEquals(550, e.code(), escape);
            }
            assertEquals(550, assertThrows(FtpException.class, () -> ftp.cwd("out")).code());
            assertEquals(550, assertThrows(FtpException.class, () -> ftp.store("dangling",
                    new ByteArrayInputStream(new byte[] {1}))).code());
            assertEquals(550, assertThrows(FtpException.class, () -> ftp.store("out/new.txt",
                    new ByteArrayInputStream(new byte[] {1}))).code());
            assertEquals(550, assertThrows(FtpException.class, () -> ftp.rename("hello.txt", "out/stolen.txt")).code());
            ftp.cwd("in-link"); // a link that stays inside is followed
            assertEquals("/in-link", ftp.pwd());
            return null;
        });
        assertFalse(Files.exists(dir.resolve("outside/not-yet")));
        assertFalse(Files.exists(dir.resolve("outside/new.txt")));
        assertTrue(Files.exists(fx.root.resolve("hello.txt")));
    }

    /** Sends raw lines on a fresh control connection, logged in; returns each reply's first line. */
    private static List<String> raw(FtpServer s, String... commands) throws Exception {
        try (TcpSock c = TcpSock.create()) {
            LineReader r = greeted(c, s);
            c.sendAll(("USER demo\r\nPASS secret\r\n").getBytes(UTF_8));
            r.readLine();
            r.readLine();
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            for (String cmd : commands) {
                c.sendAll((cmd + "\r\n").getBytes(UTF_8));
                out.add(r.readLine());
            }
            return out;
        }
    }

    @Test
    void rawCommandsWithNulOrOutOfOrderAreRefused() throws Exception {
        List<String> replies = fx.withServer(false, s -> raw(s, "SIZE hello.txt\0../../etc/passwd", "RNTO x",
                "REST -5", "REST x", "RETR hello.txt", "PROT P", "PBSZ 0", "AUTH TLS", "BOGUS", "TYPE X", "SIZE /",
                "DELE in", "RMD /", "MODE B", "STRU R", "OPTS MODE Z", "CDUP", "SYST", "QUIT"));
        assertEquals(List.of("550 Permission denied", "503 RNFR first", "501 REST needs a byte count",
                "501 REST needs a byte count", "425 Use PASV or EPSV first", "503 AUTH TLS first", "503 AUTH TLS first",
                "502 AUTH TLS is not available", "502 Command not implemented", "504 Type X", "550 Not a plain file",
                "550 Is a directory: use RMD", "550 Not a directory that can be removed", "504 Mode B",
                "504 Structure R", "501 Option not understood", "250 Directory is now /", "215 UNIX Type: L8",
                "221 Bye"), replies);
    }

    @Test
    void moreRawRefusals() throws Exception {
        List<String> replies = fx.withServer(false, s -> raw(s, "EPSV ALL", "RETR in", "STOR in", "APPE /in",
                "MDTM nope", "RNFR nope", "CWD hello.txt", "MKD in", "XPWD", "TYPE A", "TYPE L 8", "MODE S", "STRU F",
                "OPTS UTF8 ON", "PORT 1,2,3,4,5,6", "REST 7", "REST 0"));
        assertEquals(List.of("200 EPSV ALL ok", "550 Not a plain file", "550 Is a directory", "550 Is a directory",
                "550 No such file or directory", "550 No such file or directory", "550 No such directory",
                "550 Already exists", "257 \"/\" is the current directory", "200 Type A", "200 Type L 8", "200 Mode S",
                "200 Structure F", "200 UTF-8 on", "502 Active mode is not offered; use PASV or EPSV",
                "350 Restarting at 7", "350 Restarting at 0"), replies);
    }

    @Test
    void idleSessionsAndDataConnectionsThatNeverComeTimeOut() throws Exception {
        List<String> replies;
        try (io.shrapnel.kernel.testing.TestLoop loop = io.shrapnel.kernel.testing.TestLoop.create()) {
            replies = loop.call(() -> {
                try (FtpServer s = ServerFixture.start(fx.builder().idleTimeout(Duration.ofMillis(300)));
                     TcpSock c = TcpSock.create()) {
                    LineReader r = greeted(c, s);
                    c.sendAll("USER demo\r\nPASS secret\r\nPASV\r\nRETR hello.txt\r\n".getBytes(UTF_8));
                    r.readLine();
                    r.readLine();
                    String pasv = r.readLine();
                    return List.of(pasv.substring(0, 4), r.readLine().substring(0, 4), r.readLine(), r.readLine(),
                            String.valueOf(r.readLine()));
                }
            });
        }
        assertEquals(List.of("227 ", "150 ", "425 No data connection", "421 Idle too long; closing", "null"), replies);
    }

    @Test
    void aCommandLineOverTheBoundEndsTheSession() throws Exception {
        List<String> replies = fx.withServer(false, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll(("NOOP " + "x".repeat(5000) + "\r\n").getBytes(UTF_8));
                return List.of(r.readLine(), String.valueOf(r.readLine()));
            }
        });
        assertEquals(List.of("500 Line too long", "null"), replies);
    }

    @Test
    void quitIsAnsweredAndTheServerThenClosesTheSession() throws Exception {
        List<String> replies = fx.withServer(false, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll("QUIT\r\n".getBytes(UTF_8)); // and the client keeps its side open
                return List.of(r.readLine(), String.valueOf(r.readLine()));
            }
        });
        assertEquals(List.of("221 Bye", "null"), replies);
    }

    @Test
    void afterQuitOverTlsTheServerSendsCloseNotify() throws Exception {
        List<String> seen = fx.withServer(true, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll("AUTH TLS\r\n".getBytes(UTF_8));
                String auth = r.readLine();
                try (TlsSock tls = TlsSock.client(c, fx.clientTls(), "localhost")) {
                    tls.handshake();
                    LineReader tr = new LineReader(tls, 4096);
                    tls.sendAll("QUIT\r\n".getBytes(UTF_8)); // and the client keeps its side open
                    return List.of(auth, tr.readLine(), String.valueOf(tr.readLine()),
                            String.valueOf(tls.closedCleanly()));
                }
            }
        });
        assertEquals(List.of("234 AUTH TLS OK", "221 Bye", "null", "true"), seen);
    }

    @Test
    void pasvNamesOurAddressAndANewPassiveListenerOrTheEndOfTheSessionClosesTheLastOne() throws Exception {
        List<Object> seen = fx.withServer(false, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll("USER demo\r\nPASS secret\r\nPASV\r\n".getBytes(UTF_8));
                r.readLine();
                r.readLine();
                String pasv = r.readLine();
                String[] f = pasv.substring(pasv.indexOf('(') + 1, pasv.indexOf(')')).split(",");
                int first = Integer.parseInt(f[4]) * 256 + Integer.parseInt(f[5]);
                assertTrue(first >= 20180 && first <= 20199, "passive port " + first + " outside the configured range");
                c.sendAll("EPSV\r\n".getBytes(UTF_8));
                int second = Integer.parseInt(r.readLine().split("\\|")[3]);
                // gone: its port is free again (the new listener may have taken it) or refuses
                boolean firstGone = first == second || !accepts(first);
                boolean secondOpen = accepts(second);
                c.sendAll("QUIT\r\n".getBytes(UTF_8));
                List<String> end = List.of(r.readLine(), String.valueOf(r.readLine())); // the session is over
                return List.of(pasv.substring(0, pasv.indexOf(')') - String.join(",", f[4], f[5]).length()),
                        firstGone, secondOpen, end, accepts(second));
            }
        });
        assertEquals(List.of("227 Entering Passive Mode (127,0,0,1,", true, true, List.of("221 Bye", "null"), false), seen);
    }

    /** Whether something accepts a TCP connection on 127.0.0.1:{@code port} (call from a coro). */
    private static boolean accepts(int port) {
        try (TcpSock probe = TcpSock.create()) {
            probe.connect(InetAddress.getLoopbackAddress(), port);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void storingOverALongerFileReplacesIt() throws Exception {
        String back = withClient(false, ftp -> {
            assertEquals(27, ftp.store("over.txt", new ByteArrayInputStream("a much longer first version".getBytes(UTF_8))));
            assertEquals(5, ftp.store("over.txt", new ByteArrayInputStream("short".getBytes(UTF_8))));
            assertEquals(3, ftp.append("over.txt", new ByteArrayInputStream("!!!".getBytes(UTF_8))));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ftp.retrieve("over.txt", out);
            return out.toString(UTF_8);
        });
        assertEquals("short!!!", back);
    }

    @Test
    void activePortRangesAcceptTheirEdgesAndOnlyTheModesThatConnectBackAreActive() throws Exception {
        withClient(false, ftp -> {
            assertTrue(ftp == ftp.activePorts(0, 65535));
            assertTrue(ftp == ftp.activePorts(20200, 20200));
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(-1, 10));
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(11, 10));
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(1, 65536));
            return null;
        });
        assertEquals(List.of(true, true, false, false),
                java.util.Arrays.stream(DataMode.values()).map(DataMode::passive).toList());
    }

    @Test
    void listingOneFileGivesItsLine() throws Exception {
        List<FtpEntry> entries = withClient(false, ftp -> ftp.list("hello.txt"));
        assertEquals(1, entries.size());
        assertEquals("hello.txt", entries.get(0).name());
        assertEquals(20, entries.get(0).size());
    }

    @Test
    void commandsBeforeLoginAreRefused() throws Exception {
        List<String> replies = fx.withServer(false, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll("RETR hello.txt\r\nPASS x\r\nUSER demo\r\nPASS wrong\r\nNOOP\r\n".getBytes(UTF_8));
                return List.of(r.readLine(), r.readLine(), r.readLine(), r.readLine(), r.readLine());
            }
        });
        assertEquals(List.of("530 Log in first", "503 USER first", "331 Password required", "530 Login incorrect",
                "200 OK"), replies);
    }

    @Test
    void aPassiveConnectionFromAnotherAddressIsClosed() throws Exception {
        String[] out = fx.withServer(false, s -> {
            try (TcpSock c = TcpSock.create()) {
                LineReader r = greeted(c, s);
                c.sendAll("USER demo\r\nPASS secret\r\nEPSV\r\n".getBytes(UTF_8));
                r.readLine();
                r.readLine();
                String epsv = r.readLine();
                int port = Integer.parseInt(epsv.split("\\|")[3]);
                c.sendAll("RETR hello.txt\r\n".getBytes(UTF_8));
                String started = r.readLine();
                boolean strangerClosed;
                try (TcpSock stranger = TcpSock.create()) {
                    stranger.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0));
                    stranger.connect(InetAddress.getLoopbackAddress(), port);
                    strangerClosed = stranger.recv(100).length == 0;
                }
                String body;
                try (TcpSock data = TcpSock.create()) {
                    data.connect(InetAddress.getLoopbackAddress(), port);
                    body = new String(data.recvExact(20), UTF_8);
                }
                return new String[] {started, Boolean.toString(strangerClosed), body, r.readLine()};
            }
        });
        assertTrue(out[0].startsWith("150 "), out[0]);
        assertEquals("true", out[1], "the stranger got nothing");
        assertEquals("hello from shrapnel\n", out[2]);
        assertEquals("226 Transfer complete", out[3]);
    }

    @Test
    void aTlsOnlyServerRefusesClearLoginsAndClearData() throws Exception {
        List<String> replies;
        try (io.shrapnel.kernel.testing.TestLoop loop = io.shrapnel.kernel.testing.TestLoop.create()) {
            replies = loop.call(() -> {
                try (FtpServer s = ServerFixture.start(fx.builder().tls(fx.serverTls()).requireTls(true));
                     TcpSock c = TcpSock.create()) {
                    LineReader r = greeted(c, s);
                    c.sendAll("USER demo\r\nFEAT\r\n".getBytes(UTF_8));
                    return List.of(r.readLine(), r.readLine(), r.readLine());
                }
            });
        }
        assertEquals(List.of("530 AUTH TLS first", "211-Features:", " AUTH TLS"), replies);
        assertThrows(IllegalStateException.class, () -> FtpServer.builder(dir).requireTls(true).start());
        assertThrows(IllegalArgumentException.class, () -> FtpServer.builder(dir).tls(fx.clientTls()));
        assertThrows(IllegalArgumentException.class, () -> FtpServer.builder(dir).passivePorts(10, 9));
    }

    @Test
    void theServerClosesSessionsWhenItCloses() throws Exception {
        int left = fx.withServer(false, s -> {
            FtpClient a = FtpClient.connect("127.0.0.1", s.address().getPort());
            a.login(ServerFixture.USER, ServerFixture.PASSWORD);
            assertEquals(1, s.sessions());
            s.close();
            assertThrows(java.io.IOException.class, a::noop);
            a.close();
            return s.sessions();
        });
        assertEquals(0, left);
    }
}
