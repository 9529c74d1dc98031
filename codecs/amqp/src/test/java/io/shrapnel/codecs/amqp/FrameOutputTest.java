package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.internal.StubConn;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer coro over a recording connection, without a broker: batching, order, finish, failures. */
class FrameOutputTest {
    /** A connection that records each write; it can fail, or park a write until it is closed. */
    private static final class Recording extends StubConn {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final OneShot<Boolean> closed = new OneShot<>();
        IOException failure;
        boolean stall;

        @Override
        public int send(ByteBuffer src) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (stall) {
                closed.await();
                throw new IOException("closed while writing");
            }
            byte[] b = new byte[src.remaining()];
            src.get(b);
            bytes.writeBytes(b);
            writes.add(b.length);
            return b.length;
        }

        @Override
        public int recvInto(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            if (!closed.isSignalled()) {
                closed.signal(true);
            }
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void whatIsQueuedBeforeTheWriterRunsGoesOutInOneWriteInOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Recording conn = new Recording();
                List<AmqpException> errors = new ArrayList<>();
                Coro.sleep(Duration.ofSeconds(1));
                FrameOutput out = new FrameOutput(conn, Scheduler.current(), errors::add);
                long created = out.lastWrite();
                out.send(filled(3, 1));
                out.send(filled(4, 2));
                Coro.sleep(Duration.ofSeconds(1)); // the writer runs, the clock moves on
                assertEquals(List.of(7), conn.writes);
                assertArrayEquals(concat(filled(3, 1), filled(4, 2)), conn.bytes.toByteArray());
                assertEquals(created, out.lastWrite()); // written at the time it was queued
                out.send(filled(1, 3));
                Coro.yieldSlice();
                assertEquals(created + Duration.ofSeconds(1).toNanos(), out.lastWrite());
                out.finish(Duration.ofSeconds(5));
                out.writer().join();
                assertTrue(conn.closed.isSignalled());
                out.send(filled(2, 4)); // after finish: dropped
                Coro.yieldSlice();
                assertEquals(List.of(7, 1), conn.writes);
                assertEquals(List.of(), errors);
            });
        }
    }

    @Test
    void anItemLargerThanABatchIsWrittenOnItsOwnBetweenTheOthers() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Recording conn = new Recording();
                FrameOutput out = new FrameOutput(conn, Scheduler.current(), e -> { });
                byte[] small = filled(10, 1);
                byte[] big = filled(300 * 1024, 2);
                byte[] more = filled(200 * 1024, 3);
                byte[] last = filled(100 * 1024, 4);
                out.send(small);
                out.send(big);
                out.send(more);
                out.send(last); // more + last exceed one 256 KiB batch: two writes
                out.finish(Duration.ofSeconds(5));
                out.writer().join();
                assertEquals(List.of(10, 300 * 1024, 200 * 1024, 100 * 1024), conn.writes);
                assertArrayEquals(concat(small, big, more, last), conn.bytes.toByteArray());
            });
        }
    }

    @Test
    void aFailedWriteIsReportedOnceAndLaterSendsAreDropped() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Recording conn = new Recording();
                conn.failure = new IOException("Broken pipe");
                List<AmqpException> errors = new ArrayList<>();
                FrameOutput out = new FrameOutput(conn, Scheduler.current(), errors::add);
                out.send(filled(5, 1));
                out.writer().join();
                assertEquals(1, errors.size());
                assertEquals("writing to the broker failed: java.io.IOException: Broken pipe", errors.getFirst().getMessage());
                assertTrue(conn.closed.isSignalled());
                conn.failure = null;
                out.send(filled(5, 2));
                out.finish(Duration.ofSeconds(1)); // already finished: no second close timer, nothing sent
                Coro.yieldSlice();
                assertEquals(List.of(), conn.writes);
            });
        }
    }

    @Test
    void aBrokerThatDoesNotReadIsClosedAfterTheFinishTimeout() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Recording conn = new Recording();
                conn.stall = true;
                List<AmqpException> errors = new ArrayList<>();
                FrameOutput out = new FrameOutput(conn, Scheduler.current(), errors::add);
                out.send(filled(5, 1));
                Coro.yieldSlice();
                long t0 = Coro.now();
                out.finish(Duration.ofSeconds(3));
                out.writer().join();
                assertEquals(Duration.ofSeconds(3).toNanos(), Coro.now() - t0);
                assertTrue(conn.closed.isSignalled());
                assertEquals(1, errors.size()); // the parked write ended with the close
            });
        }
    }

    @Test
    void anotherThreadsSendIsPostedToTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Recording conn = new Recording();
                FrameOutput out = new FrameOutput(conn, Scheduler.current(), e -> { });
                assertNull(Coro.offload(() -> {
                    out.send(filled(6, 9));
                    return null;
                }));
                out.finish(Duration.ofSeconds(5));
                out.writer().join();
                assertArrayEquals(filled(6, 9), conn.bytes.toByteArray());
            });
        }
    }
}
