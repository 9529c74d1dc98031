package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.ftp.internal.DataAddress;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against scripted servers that misbehave: it fails clearly, closes, and leaves no coro behind. */
@ExtendWith(CoroTestExtension.class)
class HostileServerTest {
    private static final Duration SHORT = Duration.ofSeconds(2);

    /** Runs {@code client} against a fake server running {@code script}; returns what the client returned. */
    static <T> T against(FakeServer.Script script, PureFtpdClientTest.ClientBody<T> client) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (FakeServer s = FakeServer.start(script);
                     FtpClient ftp = FtpClient.connect("127.0.0.1", s.port(), SHORT)) {
                    return client.run(ftp);
                }
            });
        }
    }

    static Throwable connectFails(FakeServer.Script script) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (FakeServer s = FakeServer.start(script)) {
                    return assertThrows(IOException.class, () -> FtpClient.connect("127.0.0.1", s.port(), SHORT));
                }
            });
        }
    }

    @Test
    void aMultiLineReplyThatNeverEndsIsCutAt10000Lines() throws Exception {
        Throwable e = connectFails(s -> {
            s.send("220-welcome\r\n");
            byte[] block = "and more\r\n".repeat(1000).getBytes(UTF_8);
            while (true) {
                s.control().sendAll(block); // until the client closes
            }
        });
        assertInstanceOf(FtpProtocolException.class, e);
        assertTrue(e.getMessage().contains("longer than 10000 lines"), e.getMessage());
    }

    @Test
    void aLineWithoutEndIsCutAt8KB() throws Exception {
        Throwable e = connectFails(s -> {
            s.send("220 ");
            byte[] block = new byte[4096];
            Arrays.fill(block, (byte) 'a');
            while (true) {
                s.control().sendAll(block);
            }
        });
        assertTrue(e.getMessage().contains("a line longer than 8192 bytes"), e.getMessage());
    }

    @Test
    void somethingThatIsNotFtpIsRefused() throws Exception {
        Throwable e = connectFails(s -> s.send("HTTP/1.1 400 Bad Request\r\n\r\n"));
        assertTrue(e.getMessage().startsWith("not an FTP reply: HTTP/1.1"), e.getMessage());
    }

    @Test
    void aGreetingCutMidLineIsAnError() throws Exception {
        Throwable e = connectFails(s -> s.send("220 hel"));
        assertTrue(e.getMessage().contains("ended inside a line"), e.getMessage());
    }

    @Test
    void aServerThatClosesAtOnceIsAnError() throws Exception {
        Throwable e = connectFails(s -> { });
        assertTrue(e.getMessage().contains("closed the control connection"), e.getMessage());
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        Throwable e = connectFails(s -> s.command());
        assertInstanceOf(InterruptedIOException.class, e);
        assertTrue(e.getMessage().contains("waiting for a reply"), e.getMessage());
    }

    @Test
    void aServiceNotAvailableGreetingCarriesItsCode() throws Exception {
        Throwable e = connectFails(s -> s.send("120 soon\r\n421 too busy\r\n"));
        assertEquals(421, ((FtpException) e).code());
        assertEquals("too busy", ((FtpException) e).reply().text());
    }

    /** Serves one RETR in passive mode: sends {@code data}, closes, then answers {@code finalReply}. */
    static FakeServer.Script retr(String sizeReply, byte[] payload, String finalReply) {
        return s -> {
            s.greetAndLogin();
            s.expect("FEAT");
            s.send("211-Features:\r\n SIZE\r\n EPSV\r\n211 End\r\n");
            s.expect("TYPE I");
            s.send("200 binary\r\n");
            s.expect("SIZE");
            s.send(sizeReply);
            try (TcpSock pasv = FakeServer.listen(20040, 20069)) {
                s.expect("EPSV");
                s.send("229 Extended Passive mode OK (|||" + ((InetSocketAddress) pasv.localAddress()).getPort() + "|)\r\n");
                try (TcpSock data = pasv.accept()) {
                    s.expect("RETR");
                    s.send("150 here it comes\r\n");
                    data.sendAll(payload);
                }
            }
            s.send(finalReply);
            s.command(); // QUIT
        };
    }

    static byte[] download(FtpClient ftp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ftp.login("u", "p");
        long n = ftp.retrieve("f", out);
        assertEquals(out.size(), n, "retrieve returns the byte count");
        return out.toByteArray();
    }

    @Test
    void aDataConnectionClosedEarlyWhileTheServerSays226IsTruncated() throws Exception {
        FtpException e = assertThrows(FtpException.class, () -> against(
                retr("213 1000\r\n", new byte[500], "226 all good (a lie)\r\n"), HostileServerTest::download));
        assertTrue(e.truncated());
        assertEquals(426, e.code());
        assertTrue(e.getMessage().contains("500 of 1000 bytes"), e.getMessage());
    }

    @Test
    void a426AfterAnEarlyCloseIsTruncatedWithTheServersText() throws Exception {
        FtpException e = assertThrows(FtpException.class, () -> against(
                retr("550 no SIZE here\r\n", new byte[500], "426 Connection closed; transfer aborted\r\n"),
                HostileServerTest::download));
        assertTrue(e.truncated());
        assertEquals("Connection closed; transfer aborted", e.reply().text());
    }

    @Test
    void aCompleteTransferMatchingSizeIsAccepted() throws Exception {
        byte[] payload = "0123456789".repeat(100).getBytes(UTF_8);
        byte[] got = against(retr("213 1000\r\n", payload, "226 done\r\n"), HostileServerTest::download);
        assertArrayEquals(payload, got);
    }

    @Test
    void aPasvReplyNamingAnotherHostIsNotFollowed() throws Exception {
        byte[] got = against(s -> {
            s.greetAndLogin();
            s.expect("TYPE I");
            s.send("200 binary\r\n");
            try (TcpSock pasv = FakeServer.listen(20040, 20069)) {
                int p = ((InetSocketAddress) pasv.localAddress()).getPort();
                s.expect("PASV");
                // 10.1.2.3 is not the control connection's peer: the client must connect to 127.0.0.1
                s.send("227 Entering Passive Mode (" + DataAddress.port(new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), p)) + ")\r\n");
                try (TcpSock data = pasv.accept()) {
                    s.expect("NLST");
                    s.send("150 list\r\n");
                    data.sendAll("a\r\nb\r\n".getBytes(UTF_8));
                }
            }
            s.send("226 ok\r\n");
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            ftp.dataMode(DataMode.PASV);
            return String.join(",", ftp.names(null)).getBytes(UTF_8);
        });
        assertEquals("a,b", new String(got, UTF_8));
    }

    @Test
    void anOldServerRefusingEpsvIsAskedWithPasvFromThenOn() throws Exception {
        List<String> got = against(s -> {
            s.greetAndLogin();
            s.expect("TYPE I");
            s.send("200 binary\r\n");
            s.expect("EPSV");
            s.send("500 EPSV? never heard of it\r\n");
            for (int i = 0; i < 2; i++) {
                try (TcpSock pasv = FakeServer.listen(20040, 20069)) {
                    s.expect("PASV");
                    s.send("227 Entering Passive Mode (" + DataAddress.port((InetSocketAddress) pasv.localAddress()) + ")\r\n");
                    try (TcpSock data = pasv.accept()) {
                        s.expect("NLST");
                        s.send("150 list\r\n");
                        data.sendAll(("f" + i + "\r\n").getBytes(UTF_8));
                    }
                }
                s.send("226 ok\r\n");
            }
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            List<String> names = new java.util.ArrayList<>(ftp.names(null));
            names.addAll(ftp.names(null));
            return names;
        });
        assertEquals(List.of("f0", "f1"), got);
    }

    @Test
    void aRefusedPortCommandCarriesTheServersReply() throws Exception {
        FtpException e = assertThrows(FtpException.class, () -> against(s -> {
            s.greetAndLogin();
            s.expect("TYPE I");
            s.send("200 binary\r\n");
            s.expect("PORT");
            s.send("500 no active mode here\r\n");
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            ftp.dataMode(DataMode.PORT).activePorts(20200, 20299);
            return ftp.names(null);
        }));
        assertEquals(500, e.code());
        assertEquals("PORT: 500 no active mode here", e.getMessage());
        assertFalse(e.truncated(), "a refusal is not a truncation");
    }

    @Test
    void anActiveDataConnectionFromAnotherAddressIsRefused() throws Exception {
        boolean[] strangerRefused = new boolean[1];
        byte[] got = against(s -> {
            s.greetAndLogin();
            s.expect("FEAT");
            s.send("211-Features:\r\n EPRT\r\n211 End\r\n");
            s.expect("TYPE I");
            s.send("200 binary\r\n");
            String eprt = s.expect("EPRT");
            int port = Integer.parseInt(eprt.split("\\|")[3]);
            s.send("200 ok\r\n");
            s.expect("RETR");
            s.send("150 coming\r\n");
            try (TcpSock stranger = TcpSock.create()) {
                stranger.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0));
                stranger.connect(InetAddress.getLoopbackAddress(), port);
                strangerRefused[0] = stranger.recv(10).length == 0; // closed by the client unread
            }
            try (TcpSock data = TcpSock.create()) {
                data.connect(InetAddress.getLoopbackAddress(), port);
                data.sendAll("real data".getBytes(UTF_8));
            }
            s.send("226 ok\r\n");
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            ftp.dataMode(DataMode.EPRT).activePorts(20200, 20299);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ftp.retrieve("f", out);
            return out.toByteArray();
        });
        assertTrue(strangerRefused[0], "the connection from 127.0.0.2 was closed");
        assertEquals("real data", new String(got, UTF_8));
    }

    @Test
    void commandsCannotSmuggleASecondLine() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> against(s -> {
            s.greetAndLogin();
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            ftp.delete("x\r\nDELE important");
            return null;
        }));
        assertTrue(e.getMessage().contains("CR, LF or NUL"), e.getMessage());
    }
}
