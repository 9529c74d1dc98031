package io.shrapnel.codecs.amqp;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The connection's writer coro and the queue in front of it. Each queued item is one or more whole
 * frames (a publish's method, header and body frames are one item, so no other frame can come
 * between them); the writer sends everything queued since its last write in one system call.
 *
 * <p>Threading: {@link #send} from any thread (other threads post to the loop); the rest on the loop.
 */
final class FrameOutput {
    private static final byte[] END = new byte[0];
    private static final int BATCH_BYTES = 256 * 1024;

    private final Conn conn;
    private final Scheduler loop;
    private final Fifo<byte[]> queue = new Fifo<>();
    private final Consumer<AmqpException> onError;
    private volatile boolean finished;
    private long lastWrite;
    private final Coro writer;

    FrameOutput(Conn conn, Scheduler loop, Consumer<AmqpException> onError) {
        this.conn = conn;
        this.loop = loop;
        this.onError = onError;
        this.lastWrite = Coro.now();
        this.writer = Coro.spawn("amqp-writer", this::writeLoop);
    }

    /** The writer coro (it ends after {@link #finish}). */
    Coro writer() {
        return writer;
    }

    void send(byte[] frames) {
        if (finished) {
            return;
        }
        if (loop.inLoop()) {
            queue.push(frames);
        } else {
            loop.post(() -> queue.push(frames));
        }
    }

    /** When the last write ended (the loop's clock). */
    long lastWrite() {
        return lastWrite;
    }

    /**
     * Writes what is queued, then closes the socket; if that takes longer than {@code timeout} (a
     * broker that does not read), closes it anyway.
     */
    void finish(Duration timeout) {
        if (finished) {
            return;
        }
        queue.push(END);
        finished = true;
        loop.schedule(timeout, this::closeConn);
    }

    private void writeLoop() {
        try {
            while (true) {
                List<byte[]> items = queue.popAll();
                int total = 0;
                for (byte[] b : items) {
                    total += b.length;
                }
                ByteBuffer batch = ByteBuffer.allocate(Math.min(total, BATCH_BYTES));
                for (byte[] b : items) {
                    if (b == END) {
                        flush(batch);
                        return;
                    }
                    if (b.length > batch.remaining()) {
                        flush(batch);
                        if (b.length > batch.capacity()) {
                            conn.sendAll(b);
                            continue;
                        }
                    }
                    batch.put(b);
                }
                flush(batch);
                lastWrite = Coro.now();
            }
        } catch (IOException e) {
            finished = true;
            onError.accept(new AmqpException("writing to the broker failed: " + e, e));
        } catch (Interrupted e) {
            // closing
        } finally {
            closeConn();
        }
    }

    private void flush(ByteBuffer batch) throws IOException {
        batch.flip();
        conn.sendAll(batch);
        batch.clear();
    }

    private void closeConn() {
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing is best effort; the reader sees the socket end either way
        }
    }
}
