package io.shrapnel.net;

import io.shrapnel.net.internal.SockCounters;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix-domain stream socket for coros: the same calls as {@link TcpSock}, with paths for addresses.
 * (The JDK has no Unix-domain datagram channels.) Closing a listener does not delete its file: the
 * next {@code listen} on the same path fails until it is deleted, as with the C API.
 *
 * <p>Threading: see {@link Sock}.
 */
public final class UnixSock extends StreamSock<UnixSock> {
    private UnixSock() {}

    private UnixSock(SocketChannel accepted) {
        super(accepted);
    }

    public static UnixSock create() {
        return new UnixSock();
    }

    public void connect(Path path) throws IOException {
        connect(UnixDomainSocketAddress.of(path));
    }

    public void bind(Path path) throws IOException {
        bind(UnixDomainSocketAddress.of(path));
    }

    @Override
    UnixSock wrap(SocketChannel accepted) {
        return new UnixSock(accepted);
    }

    @Override
    ProtocolFamily familyOf(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("a UnixSock needs a UnixDomainSocketAddress (a path), not " + address
                    + "; use a TcpSock for IP addresses");
        }
        return StandardProtocolFamily.UNIX;
    }

    @Override
    ProtocolFamily defaultFamily() {
        return StandardProtocolFamily.UNIX;
    }

    @Override
    String kind() {
        return "UnixSock";
    }

    private static final SockCounters COUNTERS = new SockCounters("UnixSock");

    @Override
    SockCounters counters() {
        return COUNTERS;
    }

    /** Counters of every UnixSock of the process (open, accepted, bytes in and out). Any thread. */
    public static SockStats stats() {
        return COUNTERS.snapshot();
    }
}
