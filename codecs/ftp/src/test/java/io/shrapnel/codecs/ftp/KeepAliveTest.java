package io.shrapnel.codecs.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Latch;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** NOOP keep-alive, raw commands, and the client's own argument checks, against scripted servers. */
@ExtendWith(CoroTestExtension.class)
class KeepAliveTest {
    @Test
    void anIdleClientSendsNoopUntilClosed() throws Exception {
        List<String> seen = new ArrayList<>();
        try (TestLoop loop = TestLoop.create()) {
            loop.call(() -> {
                Latch twoNoops = new Latch(2);
                try (FakeServer s = FakeServer.start(srv -> {
                    srv.greetAndLogin();
                    for (String c; (c = srv.command()) != null; ) {
                        seen.add(c);
                        srv.send(c.equals("QUIT") ? "221 bye\r\n" : "200 ok\r\n");
                        if (c.equals("NOOP") && twoNoops.count() > 0) {
                            twoNoops.countDown();
                        }
                    }
                })) {
                    FtpClient ftp = FtpClient.connect("127.0.0.1", s.port());
                    ftp.login("u", "p");
                    ftp.keepAlive(Duration.ofMillis(20));
                    ftp.keepAlive(Duration.ofMillis(20)); // a second call replaces the first coro
                    assertTrue(twoNoops.await(Duration.ofSeconds(20)), "two NOOPs while idle");
                    ftp.close();
                }
                return null;
            });
        }
        // QUIT may or may not be read before the fake server is closed: the client takes the reply of
        // the NOOP its shut-down keep-alive coro left unread as QUIT's and closes at once.
        List<String> noops = seen.getLast().equals("QUIT") ? seen.subList(0, seen.size() - 1) : seen;
        assertTrue(noops.size() >= 2 && noops.stream().allMatch("NOOP"::equals), seen.toString());
    }

    @Test
    void keepAliveEndsQuietlyWhenTheServerGoesAway() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.call(() -> {
                Latch refused = new Latch(1);
                try (FakeServer s = FakeServer.start(srv -> {
                    srv.greetAndLogin();
                    srv.expect("NOOP");
                    srv.send("421 going down\r\n");
                    refused.countDown();
                    srv.command(); // QUIT, or the end of the connection
                })) {
                    FtpClient ftp = FtpClient.connect("127.0.0.1", s.port());
                    ftp.login("u", "p");
                    ftp.keepAlive(Duration.ofMillis(10));
                    assertTrue(refused.await(Duration.ofSeconds(20)));
                    Coro.yieldSlice(); // the keep-alive coro reads the 421 and ends without an uncaught exception
                    ftp.close();
                }
                return null;
            });
        }
    }

    @Test
    void rawCommandsReturnTheFinalReplyAndPwdUnquotes() throws Exception {
        List<Object> got = HostileServerTest.against(s -> {
            s.greetAndLogin();
            s.expect("SITE");
            s.send("150 working\r\n200 done\r\n");
            s.expect("PWD");
            s.send("257 \"/a \"\"q\"\" b\" is current\r\n");
            s.expect("PWD");
            s.send("257 no quotes\r\n");
            s.expect("OPTS UTF8 ON");
            s.send("502 no\r\n");
            s.expect("FEAT");
            s.send("500 what\r\n");
            s.expect("ACCT");
            s.send("230 fine\r\n");
            s.command();
        }, ftp -> {
            ftp.login("u", "p");
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(5, 4));
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(-1, 4));
            assertThrows(IllegalArgumentException.class, () -> ftp.activePorts(1, 65536));
            List<Object> out = new ArrayList<>();
            out.add(ftp.command("SITE X").code());
            out.add(ftp.pwd());
            out.add(ftp.pwd());
            out.add(ftp.utf8());
            out.add(ftp.features().isEmpty());
            out.add(ftp.command("ACCT x").text());
            return out;
        });
        assertEquals(List.of(200, "/a \"q\" b", "257 no quotes".substring(4), false, true, "fine"), got);
    }

    @Test
    void loginAccepts202AndRefusesAcct() throws Exception {
        String r = HostileServerTest.against(s -> {
            s.send("220 hi\r\n");
            s.expect("USER");
            s.send("202 no password needed\r\n");
            s.expect("USER");
            s.send("331 pw\r\n");
            s.expect("PASS");
            s.send("332 need account\r\n");
            s.command();
        }, ftp -> {
            ftp.login("a", "b");
            return assertThrows(FtpException.class, () -> ftp.login("c", "d")).getMessage();
        });
        assertEquals("login as c: 332 need account", r);
    }

    @Test
    void argumentChecks() {
        assertThrows(IllegalArgumentException.class, () -> FtpServer.builder(java.nio.file.Path.of("/")).passivePorts(0, 1));
        assertThrows(IllegalArgumentException.class, () -> FtpServer.builder(java.nio.file.Path.of("/")).passivePorts(1, 65536));
        assertThrows(NullPointerException.class, () -> FtpServer.builder(null));
    }
}
