package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A channel at its edges: names, a refused connection, callers from elsewhere, the back-off after a success. */
class ChannelEdgesTest {
    private static final HelloRequest OK = HelloRequest.newBuilder().setName("ok").build();

    @Test
    void aChannelOverTheCallersConnectionIsNamedAfterItsPeerOrAQuestionMark() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter());
            TcpSock sock = TcpSock.create();
            sock.connect("127.0.0.1", port);
            Channel channel = Channel.over(sock, RpcConfig.DEFAULT);
            TcpSock closed = TcpSock.create();
            closed.close();
            Channel nowhere = Channel.over(closed, RpcConfig.DEFAULT);
            try {
                assertEquals("Channel(" + sock.peerAddress() + ")", channel.toString());
                assertEquals("hello ok", Greeter.client(channel).sayHello(OK).getMessage());
                assertTrue(nowhere.toString().startsWith("Channel(?"), nowhere.toString());
            } finally {
                nowhere.close();
                channel.close();
                server.close();
            }
        });
    }

    @Test
    void aRefusedConnectionLeavesNoDescriptorBehind() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            Set<String> before = RpcFixture.fdTargets();
            for (int i = 0; i < 3; i++) {
                assertThrows(IOException.class, () -> Channel.connect("127.0.0.1", port));
            }
            RpcFixture.assertNoNewFds(before);
        });
    }

    @Test
    void aCallFromAThreadOutsideAnyLoopNamesThatThread() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            String[] seen = new String[2];
            Coro.offload(() -> {
                seen[0] = Thread.currentThread().toString();
                seen[1] = assertThrows(IllegalStateException.class, () -> Greeter.client(channel).sayHello(OK)).getMessage();
                return null;
            });
            assertTrue(seen[1].endsWith("), not from " + seen[0]), seen[1]);
        });
    }

    /** The milliseconds a channel that is backing off says its next attempt is in. */
    private static long nextAttemptMillis(Greeter.Client c) {
        RpcException e = assertThrows(RpcException.class, () -> c.sayHello(OK));
        Matcher m = Pattern.compile("next attempt in (-?[0-9]+) ms").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        return Long.parseLong(m.group(1));
    }

    private static HelloReply callUntilReconnected(Greeter.Client c) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return c.sayHello(OK);
            } catch (RpcException backingOff) {
                assertEquals(StatusCode.UNAVAILABLE, backingOff.code());
                Coro.sleep(Duration.ofMillis(50));
            }
        }
        throw new AssertionError("no reconnection");
    }

    @Test
    void aSuccessfulReconnectStartsTheBackOffFromTheFirstDelayAgain() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
            RpcServer server = RpcServer.start(addr, RpcConfig.DEFAULT, new TestGreeter());
            Channel channel = Channel.connect("127.0.0.1", port);
            Greeter.Client c = Greeter.client(channel);
            try {
                for (int round = 0; round < 2; round++) {
                    server.close();
                    RpcFixture.waitFor(() -> !channel.isOpen(), "the channel to see the server go");
                    RpcException refused = assertThrows(RpcException.class, () -> c.sayHello(OK));
                    assertTrue(refused.getMessage().contains("reconnecting"), refused.getMessage());
                    long wait = nextAttemptMillis(c);
                    assertTrue(wait >= 0 && wait < 120, "the first back-off, up to 120 ms, in round " + round + ": " + wait);
                    server = RpcServer.start(addr, RpcConfig.DEFAULT, new TestGreeter());
                    assertEquals("hello ok", callUntilReconnected(c).getMessage());
                }
            } finally {
                channel.close();
                server.close();
            }
        });
    }
}
