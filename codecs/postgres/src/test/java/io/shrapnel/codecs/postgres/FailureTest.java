package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.pool.Lease;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a failure leaves behind: which error the caller sees, whether the socket is closed at once,
 * whether a FATAL error ends the session, and that nothing is sent on a connection already dead.
 */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class FailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static MessageWriter msg() {
        return new MessageWriter();
    }

    @Test
    void aProtocolErrorClosesTheSocketAtOnceAndTheCallerSeesTheErrorItself() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                AtomicReference<String> after = new AtomicReference<>();
                FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage(); // the query
                    peer.send(msg().begin('T').int16(1).end()); // a truncated RowDescription, then the server waits
                    after.set(peer.sock.recv(1).length == 0 ? "end of stream" : "more bytes");
                });
                PgConnection db = PgConnection.connect(fake.config().build());
                PgProtocolException e = assertThrows(PgProtocolException.class, () -> db.simpleQuery("select 1"));
                assertTrue(e.getMessage().startsWith("truncated 'T' message from the server"), e.getMessage());
                assertNull(e.getCause(), "the decoder's own exception, not a wrapper");
                Coro.withTimeout(WAIT, fake::close); // the fake's read ends only if the client closed its socket
                assertEquals("end of stream", after.get());
                assertTrue(db.isBroken());
                db.close();
            });
        }
    }

    @Test
    void theServerDyingMidResultIsReportedAsSuch() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage();
                    peer.send('C', 0, 0, 0, 20, 'S'); // a CommandComplete cut short, then the end of the stream
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    PgProtocolException e = assertThrows(PgProtocolException.class, () -> db.simpleQuery("select 1"));
                    assertEquals("the server closed the connection in the middle of a 'C' message of 20 bytes (got 6 of 21 bytes)",
                            e.getMessage());
                    db.close();
                }
            });
        }
    }

    @Test
    void aFatalErrorWithOnlyTheLocalizedSeverityEndsTheSession() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage();
                    // a server before 9.6 sends no 'V' field: 'S' alone says FATAL; it stays open here
                    peer.send(msg().begin('E').int8('S').cstring("FATAL").int8('C').cstring("57P01")
                            .int8('M').cstring("going down").int8(0).end().begin('Z').int8('I').end());
                    peer.sock.recv(1);
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    PgException e = assertThrows(PgException.class, () -> db.simpleQuery("select 1"));
                    assertEquals("57P01", e.sqlState());
                    assertNull(e.notice().severityName());
                    assertTrue(db.isBroken(), "FATAL closes the connection even without the 'V' field");
                    db.close();
                }
            });
        }
    }

    @Test
    void aSessionKilledInsideATransactionIsNotRolledBackOnTheDeadConnection() throws Exception {
        Db.with(db -> {
            PgException e = assertThrows(PgException.class, () -> db.inTransaction(
                    tx -> tx.simpleQuery("select pg_terminate_backend(pg_backend_pid())")));
            assertEquals("57P01", e.sqlState());
            assertTrue(db.isBroken());
            assertEquals(0, e.getSuppressed().length, "no ROLLBACK tried on a broken connection: "
                    + java.util.Arrays.toString(e.getSuppressed()));
            return null;
        });
    }

    @Test
    void aRefusedConnectLeavesNoDescriptor() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int port = closedPort();
                PgConfig config = PgConfig.builder().host("127.0.0.1").port(port).user("u").password("p")
                        .database("d").sslMode(SslMode.DISABLE).build();
                int before = 0;
                for (int round = 0; round < 3; round++) { // the first round opens what the JDK keeps
                    before = BadServerTest.openFds();
                    assertThrows(IOException.class, () -> PgConnection.connect(config));
                }
                assertTrue(BadServerTest.openFds() <= before, "file descriptors left: " + BadServerTest.openFds()
                        + " > " + before);
            });
        }
    }

    /** A port in this module's range that nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        for (int port = 25450; port < 25499; port++) {
            try (TcpSock l = TcpSock.create()) {
                l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port in 25450-25498");
    }

    @Test
    void aPoolClosingAnIdleConnectionEndsItsServerSession() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pool<PgConnection> pool = PgPool.create(PgServer.get().test().build(),
                        PoolConfig.builder("pg-close").maxSize(1).registerMXBean(false).build());
                int pid;
                try (Lease<PgConnection> lease = pool.acquire()) {
                    pid = lease.connection().processId();
                }
                pool.close(); // the idle connection is closed by the pool (no Terminate: it must not park)
                try (PgConnection admin = PgConnection.connect(PgServer.get().test().build())) {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    long alive;
                    do {
                        Coro.sleep(Duration.ofMillis(20));
                        alive = admin.query("select count(*) from pg_stat_activity where pid = $1", pid).one().getLong(0);
                    } while (alive > 0 && System.nanoTime() < deadline);
                    assertEquals(0, alive, "the backend of the closed connection is gone");
                    assertFalse(admin.isClosed());
                }
            });
        }
    }
}
