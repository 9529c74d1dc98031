package io.shrapnel.net;

import java.net.SocketAddress;

/** One datagram received by {@link UdpSock#recvFrom}: its bytes and who sent it. */
public record Datagram(byte[] data, SocketAddress sender) {
    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + sender + "]";
    }
}
