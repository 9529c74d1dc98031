package io.shrapnel.monitoring.internal.backdoor;

import io.shrapnel.kernel.internal.Waiter;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * What a session has to say to its client, from any thread (the REPL's thread, the reader coro),
 * waiting for the session's writer coro to send it. Text written here gets CR LF line ends, as
 * telnet wants them; {@link #offer} raw bytes go as they are.
 *
 * <p>Bounded: a writer that gets ahead of the client by {@link #LIMIT} bytes waits for the client
 * to read (an interrupt, e.g. Ctrl-C stopping the snippet, ends that wait). Once the session is
 * closed, output is dropped, so nothing waits on a client that went away.
 *
 * <p>Threading: writes from any platform thread; {@link #take} from the writer coro only. State is
 * guarded by {@code this}; the writer coro is woken through its loop ({@link Waiter#wakeFromAnyThread}).
 */
public final class SessionOutput extends OutputStream {
    static final int LIMIT = 1 << 20;

    private byte[] buf = new byte[4096];
    private int size;
    private boolean closed;
    private boolean lastWasCr;
    private Waiter writer;

    @Override
    public synchronized void write(int b) throws InterruptedIOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws InterruptedIOException {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n' && !lastWasCr) {
                put((byte) '\r');
            }
            lastWasCr = c == '\r';
            put(c);
        }
        flushed();
    }

    /**
     * Adds {@code b} if it fits under the limit, without waiting (the reader coro must never wait
     * for a client that does not read); returns false if it was dropped. {@code raw} bytes (telnet
     * negotiation answers) go as they are, text gets CR LF line ends.
     */
    public synchronized boolean offer(byte[] b, boolean raw) {
        if (closed || size + 2L * b.length > LIMIT) {
            return false;
        }
        if (!raw) {
            try {
                write(b, 0, b.length); // there is room: it does not wait
            } catch (InterruptedIOException e) {
                return false;
            }
            return true;
        }
        for (byte c : b) {
            append(c);
        }
        flushed();
        return true;
    }

    private void put(byte c) throws InterruptedIOException {
        if (closed) {
            return;
        }
        while (size >= LIMIT && !closed) {
            wakeWriter();
            try {
                wait();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted while the backdoor client was not reading");
            }
        }
        if (!closed) {
            append(c);
        }
    }

    /** Adds a byte; the caller made sure there is room under the limit. */
    private void append(byte c) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(LIMIT, buf.length * 2));
        }
        buf[size++] = c;
    }

    private void flushed() {
        if (size > 0) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        Waiter w = writer;
        if (w != null) {
            writer = null;
            w.wakeFromAnyThread(null);
        }
    }

    /**
     * The bytes waiting, or null once closed and drained. Parks the writer coro while there are none.
     */
    public byte[] take() {
        while (true) {
            Waiter w;
            synchronized (this) {
                if (size > 0) {
                    byte[] out = Arrays.copyOf(buf, size);
                    size = 0;
                    if (buf.length > 64 * 1024) {
                        buf = new byte[4096];
                    }
                    notifyAll();
                    return out;
                }
                if (closed) {
                    return null;
                }
                // Registered under the lock, so a write after this finds it; a wake posted before the
                // park below is carried out by the loop after the park, so it is not lost.
                w = Waiter.begin(this);
                writer = w;
            }
            try {
                w.await();
            } finally {
                synchronized (this) {
                    if (writer == w) {
                        writer = null;
                    }
                }
            }
        }
    }

    /** No more output: what is waiting is still sent, later writes are dropped, waiting writers go on. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
        wakeWriter();
    }

    /** Drops what is waiting too (the client went away). */
    public synchronized void discard() {
        size = 0;
        close();
    }

    @Override
    public String toString() {
        return "backdoor output";
    }
}
