package io.shrapnel.benchmarks.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator every echo server gets: one thread, one selector, {@code conns} connections,
 * each keeping {@code depth} messages of {@code size} bytes in flight (a closed loop: a message
 * back sends the next). Written as lean as the floor server, so that it is the same for all peers.
 *
 * <p>Threading: one thread (the caller's) does everything.
 */
final class EchoLoad implements AutoCloseable {
    /** One connection's counts. */
    private static final class Conn {
        final SocketChannel ch;
        long received;
        long answered;
        long toSend;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final int size;
    private final ByteBuffer payload = ByteBuffer.allocateDirect(1 << 16);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
    private long messages;

    private EchoLoad(Selector selector, int size) {
        this.selector = selector;
        this.size = size;
    }

    /** Connects {@code conns} connections (all of them, before any message is sent). */
    static EchoLoad connect(InetSocketAddress server, int conns, int size, int depth) throws IOException {
        EchoLoad load = new EchoLoad(Selector.open(), size);
        for (int i = 0; i < conns; i++) {
            SocketChannel ch = SocketChannel.open(server);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            Conn c = new Conn(ch);
            c.toSend = (long) depth * size;
            ch.register(load.selector, SelectionKey.OP_READ, c);
            load.conns.add(c);
        }
        return load;
    }

    /** Runs the loop for {@code nanos}; returns the messages echoed meanwhile. */
    long runFor(long nanos) throws IOException {
        long before = messages;
        if (messages == 0) {
            for (Conn c : conns) {
                send(c);
            }
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            selector.select(key -> {
                try {
                    Conn c = (Conn) key.attachment();
                    if (key.isReadable()) {
                        read(c);
                    }
                    send(c);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, 100);
        }
        return messages - before;
    }

    private void read(Conn c) throws IOException {
        while (true) {
            in.clear();
            int n = c.ch.read(in);
            if (n < 0) {
                throw new IOException("the server closed a connection");
            }
            if (n == 0) {
                return;
            }
            c.received += n;
            long done = c.received / size;
            if (done > c.answered) {
                long fresh = done - c.answered;
                c.answered = done;
                messages += fresh;
                c.toSend += fresh * size;
            }
        }
    }

    private void send(Conn c) throws IOException {
        SelectionKey key = c.ch.keyFor(selector);
        while (c.toSend > 0) {
            payload.clear().limit((int) Math.min(payload.capacity(), c.toSend));
            int n = c.ch.write(payload);
            c.toSend -= n;
            if (n == 0) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
        if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    public void close() throws IOException {
        for (Conn c : conns) {
            c.ch.close();
        }
        selector.close();
    }
}
