package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.wire.CallHeader;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * What a server refuses with a status on the call concerned (the connection carries on), and what
 * breaks the protocol and closes the connection, against clients whose limits are not the server's
 * and raw sockets that send frames no client would.
 */
class ServerLimitsTest {
    private static HelloRequest sleep(long millis) {
        return HelloRequest.newBuilder().setName("sleep").setSleepMillis(millis).build();
    }

    @Test
    void callsPastTheServersConcurrencyLimitAreRefusedWithResourceExhausted() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port),
                    RpcConfig.DEFAULT.withMaxConcurrentCalls(1), greeter);
            try (Channel channel = Channel.connect("127.0.0.1", port)) { // the client's limit is higher
                Coro first = Coro.spawn("first", () -> Greeter.client(channel).sayHello(sleep(200)));
                RpcFixture.waitFor(() -> greeter.sleeping == 1, "the first call to run");
                RpcException e = assertThrows(RpcException.class, () -> Greeter.client(channel).sayHello(sleep(1)));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
                assertEquals("too many concurrent calls on this connection (limit 1)", e.description());
                first.join();
                assertEquals("hello sleep", Greeter.client(channel).sayHello(sleep(1)).getMessage(), "a slot again");
            }
            server.close();
        });
    }

    @Test
    void aCallHeaderOverTheServersMessageLimitIsRefusedWithResourceExhausted() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port),
                    RpcConfig.DEFAULT.withMaxMessageSize(1000), new TestGreeter());
            try (Channel channel = Channel.connect("127.0.0.1", port)) {
                CallOptions bigHeader = CallOptions.DEFAULT.withMetadata(Metadata.EMPTY.with("who", "x".repeat(2000)));
                RpcException e = assertThrows(RpcException.class,
                        () -> Greeter.client(channel, bigHeader).sayHello(sleep(1)));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
                assertTrue(e.description().matches("call header of \\d+ bytes is too large"), e.description());
                assertEquals("hello sleep", Greeter.client(channel).sayHello(sleep(1)).getMessage());
            }
            server.close();
        });
    }

    /** Sends {@code frames} (each written by the encoder into one buffer) and expects the server to close. */
    private static void expectClosed(int port, java.util.function.Consumer<FrameBuffer> frames) throws Exception {
        try (TcpSock s = TcpSock.create()) {
            s.connect("127.0.0.1", port);
            FrameBuffer out = new FrameBuffer(256);
            try {
                frames.accept(out);
                s.sendAll(out.pending());
            } finally {
                out.release();
            }
            ByteBuffer rest = ByteBuffer.allocate(1024);
            int n;
            do {
                rest.clear();
                n = s.recvInto(rest);
            } while (n > 0);
            assertEquals(-1, n, "the server closes the connection");
        }
    }

    @Test
    void openingCallZeroOrACallThatIsOpenOrSendingWhatOnlyServersSendBreaksTheProtocol() throws Exception {
        CallHeader header = CallHeader.newBuilder().setMethod(Greeter.SAY_HELLO.fullName()).build();
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                    new TestGreeter());
            expectClosed(port, out -> FrameEncoder.write(out, 0, FrameKind.OPEN, 0, header));
            expectClosed(port, out -> {
                FrameEncoder.write(out, 7, FrameKind.OPEN, 0, header);
                FrameEncoder.write(out, 7, FrameKind.OPEN, 0, header);
            });
            expectClosed(port, out -> FrameEncoder.write(out, 1, FrameKind.CLOSE, 0, null));
            RpcFixture.waitFor(() -> server.connections() == 0, "the connections to close");
            try (Channel channel = Channel.connect("127.0.0.1", port)) {
                assertEquals("hello sleep", Greeter.client(channel).sayHello(sleep(1)).getMessage());
            }
            server.close();
        });
    }
}
