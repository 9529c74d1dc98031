package io.shrapnel.codecs.ftp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A timeout or a protocol error on the control connection closes it at once, before the caller
 * calls {@code close()}: the scripted server sees the end of the stream while the client is still
 * open in the caller's hands.
 */
@ExtendWith(CoroTestExtension.class)
class ErrorsCloseTest {
    private static final Duration SHORT = Duration.ofMillis(500);

    /** Runs {@code afterLogin} on the server; the client's NOOP must fail as {@code expected}; the server must then see EOF. */
    private static void noopFailsAndCloses(FakeServer.Script afterNoop, Class<? extends IOException> expected, String says)
            throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                OneShot<Boolean> sawEnd = new OneShot<>();
                try (FakeServer s = FakeServer.start(srv -> {
                        srv.greetAndLogin();
                        srv.expect("NOOP");
                        afterNoop.run(srv);
                        while (srv.command() != null) {
                            // whatever the client still sends, until it closes
                        }
                        sawEnd.signal(true);
                    });
                     FtpClient ftp = FtpClient.connect("127.0.0.1", s.port(), SHORT)) {
                    ftp.login("u", "p");
                    IOException e = assertThrows(IOException.class, ftp::noop);
                    assertInstanceOf(expected, e);
                    assertTrue(e.getMessage().contains(says), e.getMessage());
                    assertTrue(sawEnd.await(Duration.ofSeconds(10)), "the client left the control connection open");
                }
            });
        }
    }

    @Test
    void aTimeoutClosesTheControlConnection() throws Exception {
        noopFailsAndCloses(s -> { }, InterruptedIOException.class, "waiting for a reply");
    }

    @Test
    void aReplyThatIsNotFtpClosesTheControlConnection() throws Exception {
        noopFailsAndCloses(s -> s.send("HTTP/1.1 400 Bad Request\r\n"), FtpProtocolException.class, "not an FTP reply");
    }

    @Test
    void aLineCutByTheEndOfTheStreamIsAnErrorNamingIt() throws Exception {
        noopFailsAndCloses(s -> {
            s.send("200 no");
            s.control().shutdown(io.shrapnel.net.Direction.WRITE);
        }, FtpProtocolException.class, "ended inside a line");
    }
}
