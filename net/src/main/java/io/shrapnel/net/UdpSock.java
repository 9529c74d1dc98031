package io.shrapnel.net;

import io.shrapnel.net.internal.Selfishness;
import io.shrapnel.net.internal.SockCounters;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.util.Arrays;

/**
 * A UDP socket for coros. {@link #sendTo}/{@link #recvFrom} for any peer; after {@link #connect},
 * {@link #send}/{@link #recv} with the one peer (and datagrams from others are dropped by the kernel).
 *
 * <p>A datagram longer than the buffer it is received into is cut to fit (the JDK does not report
 * truncation): receive with room for the largest datagram you expect (65,507 bytes at most for IPv4).
 *
 * <p>Threading: see {@link Sock}.
 */
public final class UdpSock extends Sock {
    private final DatagramChannel channel;
    private final Selfishness selfishness = new Selfishness();

    private static final SockCounters COUNTERS = new SockCounters("UdpSock");

    private UdpSock(DatagramChannel channel) {
        this.channel = channel;
        COUNTERS.opened();
    }

    /** Counters of every UdpSock of the process (open, bytes in and out). Any thread. */
    public static SockStats stats() {
        return COUNTERS.snapshot();
    }

    /** An IPv4 UDP socket. */
    public static UdpSock create() throws IOException {
        return create(StandardProtocolFamily.INET);
    }

    /** A UDP socket of {@code family} ({@code INET} or {@code INET6}). */
    public static UdpSock create(ProtocolFamily family) throws IOException {
        DatagramChannel ch = DatagramChannel.open(family);
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new UdpSock(ch);
    }

    /** A UDP socket of the family of {@code local}, bound to it (reuse-address on). */
    public static UdpSock bound(InetSocketAddress local) throws IOException {
        UdpSock s = create(local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            s.bind(local);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    NetworkChannel channel() {
        return channel;
    }

    @Override
    String kind() {
        return "UdpSock";
    }

    @Override
    SockCounters counters() {
        return COUNTERS;
    }

    /** Binds to {@code local}, with reuse-address on. */
    public void bind(SocketAddress local) throws IOException {
        open("bind");
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(local);
    }

    /** Sets the only peer: {@link #send}/{@link #recv} go to and come from it. */
    public void connect(SocketAddress peer) throws IOException {
        open("connect");
        channel.connect(peer);
    }

    /** Sends one datagram to {@code target}, waiting for buffer space if there is none. */
    public void sendTo(byte[] data, SocketAddress target) throws IOException {
        sendTo(ByteBuffer.wrap(data), target);
    }

    public void sendTo(ByteBuffer data, SocketAddress target) throws IOException {
        open("sendTo");
        while (true) {
            try {
                int n = channel.send(data, target);
                if (n > 0 || !data.hasRemaining()) {
                    COUNTERS.bytesOut(n);
                    return;
                }
            } catch (ClosedChannelException e) {
                throw closedError("sendTo");
            }
            registration("sendTo").awaitWritable();
        }
    }

    /** Waits for one datagram, up to {@code maxBytes} of it (the rest is cut off). */
    public Datagram recvFrom(int maxBytes) throws IOException {
        open("recvFrom");
        ByteBuffer buf = ByteBuffer.allocate(maxBytes);
        SocketAddress from = receive(buf);
        return new Datagram(Arrays.copyOf(buf.array(), buf.position()), from);
    }

    /** Waits for one datagram into {@code dst}; returns its sender. */
    public SocketAddress recvFromInto(ByteBuffer dst) throws IOException {
        open("recvFrom");
        return receive(dst);
    }

    /** Sends one datagram to the connected peer. */
    public void send(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        requireConnected("send");
        while (true) {
            try {
                int n = channel.write(b);
                if (n > 0 || !b.hasRemaining()) {
                    COUNTERS.bytesOut(n);
                    return;
                }
            } catch (ClosedChannelException e) {
                throw closedError("send");
            }
            registration("send").awaitWritable();
        }
    }

    /** Waits for one datagram from the connected peer, up to {@code maxBytes} of it. */
    public byte[] recv(int maxBytes) throws IOException {
        requireConnected("recv");
        return recvFrom(maxBytes).data();
    }

    public SocketAddress peerAddress() throws IOException {
        open("peerAddress");
        return channel.getRemoteAddress();
    }

    private SocketAddress receive(ByteBuffer dst) throws IOException {
        selfishness.beforeRead();
        boolean first = true;
        while (true) {
            SocketAddress from;
            int before = dst.position();
            try {
                from = channel.receive(dst);
            } catch (ClosedChannelException e) {
                throw closedError("recvFrom");
            }
            if (from != null) {
                COUNTERS.bytesIn(dst.position() - before);
                if (first) {
                    selfishness.readyRead();
                }
                return from;
            }
            first = false;
            registration("recvFrom").awaitReadable();
        }
    }

    private void requireConnected(String operation) throws IOException {
        open(operation);
        if (!channel.isConnected()) {
            throw new IllegalStateException(operation + " needs a connected UdpSock; connect(peer) first, "
                    + "or use " + operation + (operation.equals("send") ? "To(data, target)" : "From(max)"));
        }
    }
}
