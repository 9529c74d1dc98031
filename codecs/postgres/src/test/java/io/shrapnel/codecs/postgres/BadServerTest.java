package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A fake server (a coro on loopback) sends what no PostgreSQL would: every case ends in a clear
 * error, the connection closed, and no coro or file descriptor left behind.
 */
@ExtendWith(CoroTestExtension.class)
class BadServerTest {
    /** Open descriptors of this process, after letting the loop's selector finish closing cancelled channels. */
    static int openFds() {
        for (int i = 0; i < 3; i++) {
            Coro.yieldSlice(); // a closed channel's descriptor is released at the selector's next pass
        }
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Connects to a fake running {@code script}; the connect must fail with a message containing {@code expected}. */
    private static void connectFails(FakeServer.Script script, String expected) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int before = 0;
                for (int round = 0; round < 2; round++) { // the first round opens what the JDK keeps (jars, /dev/urandom)
                    before = openFds();
                    try (FakeServer fake = FakeServer.start(script)) {
                        IOException e = assertThrows(IOException.class, () -> PgConnection.connect(fake.config().build()));
                        assertTrue(e.getMessage().contains(expected), e.getMessage());
                    }
                }
                assertTrue(openFds() <= before, "file descriptors left: " + openFds() + " > " + before);
            });
        }
    }

    /** Logs in to a fake, then runs {@code query}; it must fail with {@code expected} and leave the connection closed. */
    private static void queryFails(FakeServer.Script afterLogin, QueryCall query, String expected) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int before = 0;
                for (int round = 0; round < 2; round++) { // the first round opens what the JDK keeps (jars, /dev/urandom)
                    before = openFds();
                    try (FakeServer fake = FakeServer.start(peer -> {
                        peer.acceptLogin();
                        afterLogin.run(peer);
                    })) {
                        PgConnection db = PgConnection.connect(fake.config().build());
                        assertEquals(42, db.processId());
                        IOException e = assertThrows(IOException.class, () -> query.run(db));
                        assertTrue(e.getMessage().contains(expected), e.getMessage());
                        assertTrue(db.isBroken(), "closed after a protocol error");
                        assertThrows(PgProtocolException.class, () -> db.simpleQuery("select 1"));
                        db.close();
                    }
                }
                assertTrue(openFds() <= before, "file descriptors left: " + openFds() + " > " + before);
            });
        }
    }

    interface QueryCall {
        void run(PgConnection db) throws Exception;
    }

    private static MessageWriter msg() {
        return new MessageWriter();
    }

    @Test
    void aTruncatedMessageBeforeTheServerDies() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send('R', 0, 0, 0, 8, 0, 0);
        }, "closed the connection in the middle of a 'R' message of 8 bytes (got 7 of 9 bytes)");
    }

    @Test
    void aFieldLongerThanItsMessage() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send('R', 0, 0, 0, 6, 0, 0);
        }, "truncated 'R' message from the server: an int32 needs 4 bytes, 2 left");
    }

    @Test
    void aLengthPastTheLimit() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send('R', 0x7f, -1, -1, -1);
        }, "over the limit of 67108864 (PgConfig.maxMessageSize)");
    }

    @Test
    void aLengthSmallerThanItself() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send('R', 0, 0, 0, 3);
        }, "with length 3 (a length counts its own 4 bytes");
    }

    @Test
    void anUnknownMessageTypeDuringStartup() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('~').int32(1).end());
        }, "expected an authentication request from the server, got a '~' message");
    }

    @Test
    void anUnsupportedAuthenticationMethod() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(7).end());
        }, "authentication method GSSAPI (code 7), which this client does not support; configure pg_hba.conf");
    }

    @Test
    void anUnknownSaslMechanism() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(10).cstring("SCRAM-SHA-1").cstring("").end());
        }, "offers SASL mechanisms [SCRAM-SHA-1]");
    }

    @Test
    void aScramServerThatDoesNotKnowThePassword() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(10).cstring("SCRAM-SHA-256").cstring("").end());
            peer.readMessage();
            String clientNonce = "";
            peer.send(msg().begin('R').int32(11).bytes(("r=" + clientNonce + "bad,s=QUJD,i=4096")
                    .getBytes(StandardCharsets.US_ASCII)).end());
        }, "SCRAM: the server's nonce does not extend ours");
    }

    @Test
    void aScramServerWhoseFinalSignatureIsWrong() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(10).cstring("SCRAM-SHA-256").cstring("").end());
            String clientFirst = new String(readBody(peer), StandardCharsets.US_ASCII);
            String clientNonce = clientFirst.substring(clientFirst.lastIndexOf("r=") + 2);
            peer.send(msg().begin('R').int32(11).bytes(("r=" + clientNonce + "srv,s=QUJDREVGR0g=,i=4096")
                    .getBytes(StandardCharsets.US_ASCII)).end());
            readBody(peer); // client-final, with its proof
            peer.send(msg().begin('R').int32(12).bytes(("v=" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                    .getBytes(StandardCharsets.US_ASCII)).end());
            peer.send(msg().begin('R').int32(0).end().begin('Z').int8('I').end()); // what a server in the middle says next
        }, "SCRAM: the server's signature is wrong");
    }

    /** The body of the client's next typed message. */
    private static byte[] readBody(FakeServer.Peer peer) throws IOException {
        byte[] head = peer.sock.recvExact(5);
        return peer.sock.recvExact(java.nio.ByteBuffer.wrap(head, 1, 4).getInt() - 4);
    }

    @Test
    void aSaslContinueBeforeSaslStarted() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(11).bytes("r=x,s=QUJD,i=1".getBytes(StandardCharsets.US_ASCII)).end());
        }, "sent SASL step 11 before starting SASL");
    }

    @Test
    void aSaslStepOutOfOrder() throws Exception {
        connectFails(peer -> {
            peer.readStartup();
            peer.send(msg().begin('R').int32(12).bytes("v=AAAA".getBytes(StandardCharsets.US_ASCII)).end());
        }, "sent SASL step 12 before starting SASL");
    }

    @Test
    void anAnswerToSslRequestThatIsNeitherYesNorNo() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.readStartup();
                    peer.send('X');
                })) {
                    IOException e = assertThrows(IOException.class,
                            () -> PgConnection.connect(fake.config().sslMode(SslMode.REQUIRE).build()));
                    assertTrue(e.getMessage().contains("instead of 'S' or 'N'"), e.getMessage());
                }
            });
        }
    }

    @Test
    void aServerThatClosesInsteadOfAnsweringTheSslRequest() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(FakeServer.Peer::readStartup)) {
                    IOException e = assertThrows(IOException.class,
                            () -> PgConnection.connect(fake.config().sslMode(SslMode.REQUIRE).build()));
                    assertEquals("the server closed the connection in the middle of the answer to SSLRequest (got 0 of 1 bytes)",
                            e.getMessage());
                }
            });
        }
    }

    @Test
    void bytesInjectedAfterTheYesToTls() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.readStartup();
                    peer.send('S', 'R', 0, 0, 0, 8, 0, 0, 0, 0);
                })) {
                    IOException e = assertThrows(IOException.class,
                            () -> PgConnection.connect(fake.config().sslMode(SslMode.REQUIRE).build()));
                    assertTrue(e.getMessage().contains("CVE-2021-23222"), e.getMessage());
                }
            });
        }
    }

    @Test
    void aServerWithoutTlsWhenTlsIsRequired() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.readStartup();
                    peer.send('N');
                })) {
                    IOException e = assertThrows(IOException.class,
                            () -> PgConnection.connect(fake.config().sslMode(SslMode.REQUIRE).build()));
                    assertTrue(e.getMessage().contains("does not offer TLS but sslMode is REQUIRE"), e.getMessage());
                }
            });
        }
    }

    @Test
    void aServerWithoutTlsIsFineWhenTlsIsOnlyPreferred() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.readStartup();
                    peer.send('N');
                    peer.acceptLogin();
                    peer.readMessage();
                })) {
                    try (PgConnection db = PgConnection.connect(fake.config().sslMode(SslMode.PREFER).build())) {
                        assertEquals("trust", db.authentication());
                        assertTrue(!db.isTls());
                    }
                }
            });
        }
    }

    @Test
    void anUnknownMessageTypeInAResult() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('~').end());
            peer.readMessage();
        }, db -> db.simpleQuery("select 1"), "unexpected '~' message from the server during a simple query");
    }

    @Test
    void theServerDiesInTheMiddleOfAResult() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('T').int16(1).cstring("a").int32(0).int16(0).int32(25).int16(-1).int32(-1)
                    .int16(0).end().begin('D').int16(1).int32(1).bytes(new byte[] {'x'}).end());
        }, db -> db.simpleQuery("select 'x'"), "the server closed the connection in the middle of a message header");
    }

    @Test
    void aDataRowWithMoreColumnsThanDescribed() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('T').int16(1).cstring("a").int32(0).int16(0).int32(25).int16(-1).int32(-1)
                    .int16(0).end().begin('D').int16(2).int32(-1).int32(-1).end());
            peer.readMessage();
        }, db -> db.simpleQuery("select 'x'"), "DataRow with 2 columns where the RowDescription had 1");
    }

    @Test
    void aDataRowBeforeItsDescription() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('D').int16(0).end());
            peer.readMessage();
        }, db -> db.query("select 1"), "DataRow before RowDescription");
    }

    @Test
    void aColumnLengthPastTheRow() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('T').int16(1).cstring("a").int32(0).int16(0).int32(25).int16(-1).int32(-1)
                    .int16(0).end().begin('D').int16(1).int32(1000).end());
            peer.readMessage();
        }, db -> db.simpleQuery("select 'x'"), "truncated 'D' message");
    }

    @Test
    void aBadTransactionStatus() throws Exception {
        queryFails(peer -> {
            peer.readMessage();
            peer.send(msg().begin('C').cstring("SELECT 0").end().begin('Z').int8('?').end());
            peer.readMessage();
        }, db -> db.simpleQuery("select 1"), "ReadyForQuery with transaction status 63");
    }

    @Test
    void aStrayMessageWhileIdle() throws Exception {
        queryFails(peer -> peer.send(msg().begin('C').cstring("SELECT 0").end()),
                PgConnection::awaitNotifications, "unexpected 'C' message while idle");
    }

    @Test
    void aConnectionBrokenByTheServerIsRemovedFromThePool() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage();
                    peer.send(msg().begin('T').int16(1).end());
                })) {
                    Pool<PgConnection> pool = PgPool.create(fake.config().build(),
                            PoolConfig.builder("fake").maxSize(1).registerMXBean(false).build());
                    try {
                        Executable use = () -> pool.use(db -> db.simpleQuery("select 1"));
                        assertThrows(PgProtocolException.class, use);
                        assertEquals(0, pool.stats().getTotal());
                        assertEquals(1, pool.stats().getBroken());
                    } finally {
                        pool.close();
                    }
                }
            });
        }
    }

    @Test
    void closeSendsTerminateOnceAndABrokenConnectionNone() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                StringBuilder seen = new StringBuilder();
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    seen.append(peer.readMessage()); // Terminate
                    seen.append(peer.sock.recv(1).length == 0 ? "." : "more"); // then the end of the stream
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    db.close();
                    db.close(); // idempotent
                }
                assertEquals("X.", seen.toString());

                StringBuilder after = new StringBuilder();
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage(); // the query
                    peer.send(0x7F, 0, 0, 0, 4); // an unknown message type: the client breaks the connection
                    after.append(peer.sock.recv(1).length == 0 ? "." : "more");
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    assertThrows(PgProtocolException.class, () -> db.simpleQuery("select 1"));
                    db.close();
                }
                assertEquals(".", after.toString(), "no Terminate on a connection out of step");
            });
        }
    }
}
