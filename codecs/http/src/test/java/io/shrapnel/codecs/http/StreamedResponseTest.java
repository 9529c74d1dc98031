package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A streamed response over a connection in memory: what it tells, and where its connection goes when it is closed. */
@ExtendWith(CoroTestExtension.class)
class StreamedResponseTest {
    private static final URI URL = URI.create("http://h/s");
    private static final Origin ORIGIN = Origin.of(URL);

    /** A response read from {@code answer}, its connection taken from {@code pool}. */
    private static StreamedResponse open(ConnectionPool pool, MemoryTransport t) throws IOException {
        ClientConnection c = pool.acquire(ORIGIN, o -> new ClientConnection(o, t));
        ClientConnection.Answer a = c.readHead("GET", Limits.defaults());
        return new StreamedResponse(URL, a.head(), c, pool, BodyInput.of(a.framing(), c.in, Limits.defaults()));
    }

    private static void inLoop(io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(body);
        }
    }

    @Test
    void itTellsItsHeadAndCountsWhatIsBuffered() throws Exception {
        inLoop(() -> {
            ConnectionPool pool = new ConnectionPool(2, Duration.ofSeconds(30));
            MemoryTransport t = new MemoryTransport("HTTP/1.1 203 Maybe\r\nX-A: 1\r\nContent-Length: 6\r\n\r\nabcdef".getBytes(), 100);
            try (StreamedResponse r = open(pool, t)) {
                assertEquals(203, r.status());
                assertEquals("Maybe", r.reason());
                assertEquals("HTTP/1.1", r.version());
                assertEquals("1", r.header("x-a"));
                assertEquals(2, r.headers().size());
                assertEquals(URL, r.uri());
                assertEquals("HTTP/1.1 203 Maybe (streamed) from http://h/s", r.toString());
                assertEquals('a', r.body().read());
                assertEquals(5, r.body().available());
                byte[] rest = new byte[10];
                assertEquals(5, r.body().read(rest, 0, 10));
                assertFalse(r.isComplete(), "the end is not seen yet");
                assertEquals(-1, r.body().read());
                assertTrue(r.isComplete());
            }
            assertEquals(1, pool.idle(ORIGIN), "read to its end: the connection is kept");
            assertFalse(t.closed);
        });
    }

    @Test
    void closingTwiceGivesTheConnectionBackOnce() throws Exception {
        inLoop(() -> {
            ConnectionPool pool = new ConnectionPool(2, Duration.ofSeconds(30));
            StreamedResponse r = open(pool, new MemoryTransport("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
            assertEquals(-1, r.body().read());
            r.close();
            r.body().close();
            r.close();
            assertEquals(1, pool.idle(ORIGIN));
            assertEquals(1, pool.open(ORIGIN));
            assertThrows(IOException.class, () -> r.body().read(), "its body is closed");
        });
    }

    @Test
    void closingMidBodyClosesTheConnection() throws Exception {
        inLoop(() -> {
            ConnectionPool pool = new ConnectionPool(2, Duration.ofSeconds(30));
            MemoryTransport t = new MemoryTransport("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
            StreamedResponse r = open(pool, t);
            assertEquals('a', r.body().read());
            r.body().close();
            assertTrue(t.closed);
            assertEquals(0, pool.idle(ORIGIN));
            assertEquals(0, pool.open(ORIGIN), "its place is free for another connection");
        });
    }

    @Test
    void aPoolReusesTheNewestIdleConnectionFirstAndKeepsAtMostItsLimitOpen() throws Exception {
        inLoop(() -> {
            ConnectionPool pool = new ConnectionPool(2, Duration.ofSeconds(30));
            MemoryTransport ta = new MemoryTransport("");
            MemoryTransport tb = new MemoryTransport("");
            ClientConnection a = pool.acquire(ORIGIN, o -> new ClientConnection(o, ta));
            ClientConnection b = pool.acquire(ORIGIN, o -> new ClientConnection(o, tb));
            assertEquals(2, pool.open(ORIGIN));
            pool.release(a);
            pool.release(b);
            assertEquals(2, pool.idle(ORIGIN));
            assertTrue(b == pool.acquire(ORIGIN, o -> {
                throw new AssertionError("no new connection while one is idle");
            }), "the newest first");
            b.reusable = false;
            pool.release(b);
            assertTrue(tb.closed, "a connection that cannot carry on is closed when given back");
            assertEquals(1, pool.open(ORIGIN));
            IOException refused = new IOException("refused");
            pool.acquire(ORIGIN, o -> {
                throw new AssertionError("the idle one first");
            });
            assertThrows(IOException.class, () -> pool.acquire(ORIGIN, o -> {
                throw refused;
            }));
            assertEquals(1, pool.open(ORIGIN), "a failed dial holds no place");
            pool.close();
            assertEquals(0, pool.idle(ORIGIN));
        });
    }

    @Test
    void anIdleConnectionAtItsTimeoutIsClosedAndFreesItsPlaceAsClosingThePoolDoes() throws Exception {
        inLoop(() -> {
            ConnectionPool pool = new ConnectionPool(1, Duration.ofSeconds(30));
            MemoryTransport old = new MemoryTransport("");
            ClientConnection a = pool.acquire(ORIGIN, o -> new ClientConnection(o, old));
            pool.release(a);
            io.shrapnel.kernel.Coro.sleep(Duration.ofSeconds(30)); // virtual time: exactly its idle timeout, too old
            MemoryTransport fresh = new MemoryTransport("");
            ClientConnection b = pool.acquire(ORIGIN, o -> new ClientConnection(o, fresh));
            assertTrue(a != b && old.closed, "the old one was closed, a new one dialled in its place");
            assertEquals(1, pool.open(ORIGIN));
            pool.release(b);
            pool.close();
            assertTrue(fresh.closed);
            assertEquals(0, pool.open(ORIGIN));
        });
    }
}
