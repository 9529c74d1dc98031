package io.shrapnel.net;

/**
 * Counters of one kind of socket since the process started, for monitoring: {@link TcpSock#stats()},
 * {@link UnixSock#stats()}, {@link UdpSock#stats()}. Read racily from any thread.
 *
 * @param kind {@code TcpSock}, {@code UnixSock} or {@code UdpSock}
 * @param open channels open now (listeners and connections)
 * @param opened channels opened: listeners, connections made or accepted, UDP sockets
 * @param accepted connections accepted by listeners
 * @param connected outgoing connections that were established
 * @param bytesIn bytes read (UDP: datagram payloads received)
 * @param bytesOut bytes written
 */
public record SockStats(String kind, long open, long opened, long accepted, long connected, long bytesIn,
                        long bytesOut) {}
