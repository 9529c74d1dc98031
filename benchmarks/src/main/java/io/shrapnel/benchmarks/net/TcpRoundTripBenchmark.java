package io.shrapnel.benchmarks.net;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One byte there and back over loopback TCP, both ends on one thread: two coros on one loop (each
 * parks until its socket is readable) against the floor, a single thread driving the same two
 * non-blocking channels through one selector by hand. Time per round trip.
 *
 * <p>Threading: JMH's thread runs the loop (Scheduler.run on a platform thread) or the selector.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class TcpRoundTripBenchmark {
    private static final int TRIPS = 1000;
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private Scheduler loop;
    private TcpSock client;
    private TcpSock served;
    private Coro echo;

    private Selector selector;
    private SocketChannel a;
    private SocketChannel b;
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop = Scheduler.create("round-trip");
        loop.spawn("setup", () -> {
            TcpSock listener = TcpSock.create();
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listen(1);
            client = TcpSock.create();
            client.connect(listener.localAddress());
            served = listener.accept();
            listener.close();
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            served.setOption(StandardSocketOptions.TCP_NODELAY, true);
            echo = Coro.spawn("echo", () -> {
                // Room for more than the one byte: a read that fills its buffer is taken to mean that
                // more may be waiting, so the next read is tried at once (and finds nothing here).
                ByteBuffer b1 = ByteBuffer.allocateDirect(64);
                while (served.recvInto(b1.clear()) > 0) {
                    served.sendAll(b1.flip());
                }
            });
            Coro.setExit(0);
        });
        loop.run();

        selector = Selector.open();
        ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        a = SocketChannel.open(l.getLocalAddress());
        b = l.accept();
        l.close();
        for (SocketChannel ch : new SocketChannel[] {a, b}) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        loop.spawn(() -> {
            client.close();
            echo.join();
            served.close();
            Coro.setExit(0);
        });
        loop.run();
        loop.close();
        a.close();
        b.close();
        selector.close();
    }

    /** Two coros on one loop: the client sends a byte and parks in recv; the echo coro sends it back. */
    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void coros() {
        clientTrips(1);
    }

    /**
     * {@link #coros()} with the client reading into a 64-byte buffer: the one byte leaves room, so
     * the client's next read waits for readability instead of trying a read that finds nothing
     * (with a 1-byte buffer every read fills it, and each round trip pays one such read).
     */
    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void corosReadingIntoRoomyBuffers() {
        clientTrips(64);
    }

    /** The client coro: TRIPS times, one byte out and a read into a buffer of {@code room} bytes. */
    private void clientTrips(int room) {
        loop.spawn("client", () -> {
            ByteBuffer b = ByteBuffer.allocateDirect(room);
            for (int i = 0; i < TRIPS; i++) {
                client.sendAll(b.clear().limit(1));
                client.recvInto(b.clear());
            }
            Coro.setExit(0);
        });
        loop.run();
    }

    /** The floor: write, select, read, write back, select, read; one thread, no coros. */
    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void nioSelectorByHand() throws IOException {
        for (int i = 0; i < TRIPS; i++) {
            a.write(one.clear());
            awaitRead(b);
            b.write(one.flip());
            awaitRead(a);
        }
    }

    private void awaitRead(SocketChannel ch) throws IOException {
        while (true) {
            selector.select();
            boolean got = false;
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                if (k.channel() == ch && k.isReadable()) {
                    got = true;
                }
            }
            if (got && ((SocketChannel) ch).read(one.clear()) == 1) {
                return;
            }
        }
    }
}
