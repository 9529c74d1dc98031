package io.shrapnel.kernel.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP/UDP ports on the loopback interface for test servers, from a range below 32768.
 *
 * <p>Why not port 0: Linux hands out ephemeral ports from 32768-60999 ({@code ip_local_port_range}),
 * where every outgoing connection also takes its source port, so a server bound to port 0 lands in
 * the clients' range (the project forbids that for servers). This class hands out ports from
 * {@code 21000-21999} instead, or from the range in the system property
 * {@code shrapnel.test.ports} ({@code "first-last"}, both inclusive, below 32768).
 *
 * <p>How: a JVM-wide cursor walks the range (starting at an offset taken from the process id, so
 * test JVMs running side by side start far apart), and each candidate is probed by binding it for
 * TCP and UDP on 127.0.0.1 and closing again; only a port free for both is returned. Within one JVM
 * no port is handed out twice until the whole range has been used, so tests running in parallel in
 * one JVM never get the same port. Another process may still take the port between the probe and
 * the server's own bind: {@link #bind} retries with the next port when the bind fails with a
 * {@link BindException}.
 *
 * <pre>{@code
 * TcpSock listener = LoopbackPorts.bind(port -> {
 *     TcpSock s = TcpSock.create();
 *     s.bind(new InetSocketAddress("127.0.0.1", port));   // BindException -> next port
 *     s.listen(50);
 *     return s;
 * });
 * }</pre>
 *
 * <p>Threading: every method may be called from any thread; the cursor is one atomic counter.
 */
public final class LoopbackPorts {
    /** The property naming the range, {@code "first-last"}. */
    public static final String RANGE_PROPERTY = "shrapnel.test.ports";
    /** The range used when the property is not set. */
    public static final String DEFAULT_RANGE = "21000-21999";
    /** How many ports {@link #bind} tries before it gives up. */
    static final int BIND_ATTEMPTS = 20;
    /** The first port of the ephemeral range; servers stay below it. */
    static final int EPHEMERAL_START = 32768;

    private static final LoopbackPorts JVM = new LoopbackPorts(System.getProperty(RANGE_PROPERTY, DEFAULT_RANGE),
            ProcessHandle.current().pid());

    private final int first;
    private final int size;
    private final AtomicInteger cursor;

    /** A source over {@code range} ("first-last"), starting at an offset that depends on {@code seed}. */
    LoopbackPorts(String range, long seed) {
        int dash = range.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException(RANGE_PROPERTY + " must be first-last, e.g. " + DEFAULT_RANGE + ": " + range);
        }
        int lo = Integer.parseInt(range.substring(0, dash).trim());
        int hi = Integer.parseInt(range.substring(dash + 1).trim());
        if (lo < 1024 || hi < lo || hi >= EPHEMERAL_START) {
            throw new IllegalArgumentException(RANGE_PROPERTY + " must lie within 1024-32767, first <= last: " + range);
        }
        this.first = lo;
        this.size = hi - lo + 1;
        this.cursor = new AtomicInteger((int) Math.floorMod(seed * 97, (long) size));
    }

    /** A port of the range that was free for TCP and UDP on 127.0.0.1 when probed. */
    public static int tcp() throws IOException {
        return JVM.next();
    }

    /** Same as {@link #tcp()}: every port handed out is probed for both protocols. */
    public static int udp() throws IOException {
        return JVM.next();
    }

    /** {@code 127.0.0.1} and a free port of the range. */
    public static InetSocketAddress address() throws IOException {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp());
    }

    /**
     * Calls {@code binder} with free ports until it returns without a {@link BindException} (another
     * process took the port after the probe); gives up after {@value #BIND_ATTEMPTS} ports.
     */
    public static <T> T bind(Binder<T> binder) throws IOException {
        return JVM.bindWith(binder);
    }

    /** Opens a server on the given port; throws {@link BindException} when the port is taken. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(int port) throws IOException;
    }

    /** The first port of this JVM's range. */
    public static int first() {
        return JVM.first;
    }

    /** The last port of this JVM's range. */
    public static int last() {
        return JVM.first + JVM.size - 1;
    }

    <T> T bindWith(Binder<T> binder) throws IOException {
        BindException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            int port = next();
            try {
                return binder.bind(port);
            } catch (BindException e) {
                last = e;
            }
        }
        IOException e = new IOException("no port of " + first + "-" + (first + size - 1) + " could be bound in "
                + BIND_ATTEMPTS + " attempts");
        e.addSuppressed(last);
        throw e;
    }

    int next() throws IOException {
        for (int i = 0; i < size; i++) {
            int port = first + Math.floorMod(cursor.getAndIncrement(), size);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("every port of " + first + "-" + (first + size - 1) + " is in use on 127.0.0.1 (set "
                + RANGE_PROPERTY + " to another range below " + EPHEMERAL_START + ")");
    }

    /** Whether TCP and UDP can both bind {@code port} on 127.0.0.1 right now. */
    static boolean free(int port) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket t = new ServerSocket()) {
            t.setReuseAddress(false); // a port with connections in TIME_WAIT would fail a server's bind later
            t.bind(new InetSocketAddress(lo, port), 1);
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, port))) {
                return true;
            }
        } catch (IOException taken) {
            return false;
        }
    }
}
