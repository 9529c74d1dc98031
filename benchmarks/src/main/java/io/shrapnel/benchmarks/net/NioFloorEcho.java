package io.shrapnel.benchmarks.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The floor: a hand-written single-thread NIO selector loop with nothing but the echo in it. Reads
 * land in one shared direct buffer and are written straight back; only a connection whose write
 * comes up short keeps its remainder (and stops reading until it has gone).
 *
 * <p>Threading: one platform thread runs everything.
 */
final class NioFloorEcho {
    private NioFloorEcho() {}

    static EchoServers.Server start(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        Thread.ofPlatform().name("nio-echo").start(() -> {
            try {
                loop(selector, server);
            } catch (IOException e) {
                System.err.println("nio echo failed: " + e);
            }
        });
        int p = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return () -> p;
    }

    private static void loop(Selector selector, ServerSocketChannel server) throws IOException {
        ByteBuffer shared = ByteBuffer.allocateDirect(65536);
        while (true) {
            selector.select(key -> {
                try {
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            EchoServers.CONNECTIONS.incrementAndGet();
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(selector, SelectionKey.OP_READ);
                        }
                    } else {
                        serve(key, shared);
                    }
                } catch (IOException e) {
                    close(key);
                }
            });
        }
    }

    private static void serve(SelectionKey key, ByteBuffer shared) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer pending = (ByteBuffer) key.attachment();
        if (pending != null) { // writable again: send the rest, then read again
            c.write(pending);
            if (!pending.hasRemaining()) {
                key.attach(null);
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        shared.clear();
        int n = c.read(shared);
        if (n < 0) {
            close(key);
            return;
        }
        shared.flip();
        c.write(shared);
        if (shared.hasRemaining()) {
            ByteBuffer rest = ByteBuffer.allocate(shared.remaining());
            rest.put(shared).flip();
            key.attach(rest);
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // going anyway
        }
    }
}
