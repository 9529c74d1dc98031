package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.testing.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** How whereAll and the event map name what a coro waits on: the channel's kind and its addresses. */
class PollerEventNamesTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aListenerAConnectionAndItsClosedSelfAreNamedByAddress() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(LOOPBACK, port)));
            InetSocketAddress at = (InetSocketAddress) server.getLocalAddress();
            assertEquals("read listener " + at, new Poller.Event(server, "read").toString());
            SocketChannel client = SocketChannel.open(at);
            try (SocketChannel accepted = server.accept()) {
                assertEquals("write tcp " + client.getLocalAddress() + " -> " + at,
                        new Poller.Event(client, "write").toString());
                assertEquals("tcp " + at + " -> " + client.getLocalAddress(), Poller.describe(accepted));
            }
            client.close();
            assertEquals("closed SocketChannelImpl", Poller.describe(client));
        }
    }

    @Test
    void datagramChannelsShowTheirPeerOnlyWhenConnected() throws Exception {
        try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
            LoopbackPorts.bind(port -> a.bind(new InetSocketAddress(LOOPBACK, port)));
            LoopbackPorts.bind(port -> b.bind(new InetSocketAddress(LOOPBACK, port)));
            assertEquals("udp " + a.getLocalAddress(), Poller.describe(a));
            a.connect(b.getLocalAddress());
            assertEquals("udp " + a.getLocalAddress() + " -> " + b.getLocalAddress(), Poller.describe(a));
        }
    }

    @Test
    void otherChannelsAreNamedAsTheyNameThemselves() throws Exception {
        Pipe p = Pipe.open();
        try {
            assertEquals(String.valueOf(p.source()), Poller.describe(p.source()));
        } finally {
            p.source().close();
            p.sink().close();
        }
    }
}
