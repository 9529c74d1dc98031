package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server's own bookkeeping: its listener, the connections it counts and closes, their names. */
class RpcServerTest {
    private static List<String> coroNames() {
        return Coro.whereAll().stream().map(CoroInfo::name).toList();
    }

    @Test
    void aServerOnATakenPortFailsAndLeavesNoDescriptorBehind() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                Set<String> before = RpcFixture.fdTargets();
                assertThrows(IOException.class,
                        () -> RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter()));
                RpcFixture.assertNoNewFds(before);
            }
        });
    }

    @Test
    void everyOpenConnectionIsCountedAndCloseEndsThemAll() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter());
            Channel first = Channel.connect("127.0.0.1", port);
            Channel second = Channel.connect("127.0.0.1", port);
            try {
                RpcFixture.waitFor(() -> server.connections() == 2, "both connections");
                Channel third = Channel.connect("127.0.0.1", port);
                RpcFixture.waitFor(() -> server.connections() == 3, "a third one, served after the first two");
                third.close();
                RpcFixture.waitFor(() -> server.connections() == 2, "the third one to go");
                server.close();
                RpcFixture.waitFor(() -> !first.isOpen() && !second.isOpen(), "the server to close both");
                assertEquals(0, server.connections());
            } finally {
                first.close();
                second.close();
                server.close();
            }
        });
    }

    @Test
    void aServedConnectionIsNamedAfterItsPeerOrAQuestionMark() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            RpcServer server = RpcServer.create(RpcConfig.DEFAULT, new TestGreeter());
            TcpSock listener = TcpSock.create();
            listener.bind(new InetSocketAddress("127.0.0.1", port));
            listener.listen(1);
            TcpSock[] accepted = new TcpSock[1];
            Coro acceptor = Coro.spawn("acceptor", () -> accepted[0] = listener.accept());
            Channel channel = Channel.connect("127.0.0.1", port);
            try {
                acceptor.join();
                String peer = String.valueOf(accepted[0].peerAddress());
                assertTrue(peer.startsWith("/127.0.0.1:"), peer);
                server.serve(accepted[0]);
                assertTrue(coroNames().contains("rpc-reader " + peer), coroNames().toString());
                TcpSock closed = TcpSock.create();
                closed.close();
                server.serve(closed);
                assertTrue(coroNames().contains("rpc-reader ?"), coroNames().toString());
                RpcFixture.waitFor(() -> server.connections() == 1, "the closed socket's connection to end");
                assertTrue(channel.isOpen());
            } finally {
                channel.close();
                server.close();
                listener.close();
            }
            RpcFixture.waitFor(() -> server.connections() == 0, "the served connection to end");
            assertFalse(coroNames().contains("rpc-reader " + "?"));
        });
    }
}
