package io.shrapnel.monitoring;

/**
 * One kind of socket, as JMX shows it: {@code io.shrapnel:type=Sockets,name=TcpSock} (also
 * {@code UnixSock}, {@code UdpSock}). Counters since the process started ({@link io.shrapnel.net.SockStats}).
 */
public interface SocketsMXBean {
    /** Channels open now: listeners and connections. */
    long getOpen();

    long getOpened();

    long getAccepted();

    long getConnected();

    long getBytesIn();

    long getBytesOut();
}
