package io.shrapnel.monitoring;

/**
 * One kind of socket, as JMX shows it: {@code io.shrapnel:type=Sockets,name=TcpSock} (also
 * {@code UnixSock}, {@code UdpSock}). Counters since the process started ({@link io.shrapnel.net.SockStats}).
 */
@Description("One kind of socket (the name): channels open now and counters since the process started")
public interface SocketsMXBean {
    /** Channels open now: listeners and connections. */
    @Description("Channels open now: listeners and connections")
    long getOpen();

    @Description("Channels opened since the process started")
    long getOpened();

    @Description("Connections accepted by listeners")
    long getAccepted();

    @Description("Connections made by connect()")
    long getConnected();

    @Description("Bytes received")
    long getBytesIn();

    @Description("Bytes sent")
    long getBytesOut();
}
