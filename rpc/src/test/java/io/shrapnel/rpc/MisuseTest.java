package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.health.HealthCheckResponse.ServingStatus;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Calls that do not match what the server serves, and uses of the API it refuses: each gets a clear
 * status or exception, and the connection carries on.
 */
class MisuseTest {
    private static final String SERVICE = "shrapnel.test.Greeter";

    private static HelloRequest hello(String name, int count) {
        return HelloRequest.newBuilder().setName(name).setCount(count).build();
    }

    private static void assertInternal(String expected, RpcException e) {
        assertEquals(StatusCode.INTERNAL, e.code());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aUnaryCallToAStreamingMethodNeedsExactlyOneResponse() throws Exception {
        Method<HelloRequest, HelloReply> repeatAsUnary = Method.unary(SERVICE, "Repeat", HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            assertEquals("r 0", channel.unary(repeatAsUnary, hello("r", 1), CallOptions.DEFAULT).getMessage());
            assertInternal(SERVICE + "/Repeat sent more than one response", assertThrows(RpcException.class,
                    () -> channel.unary(repeatAsUnary, hello("r", 2), CallOptions.DEFAULT)));
            assertInternal(SERVICE + "/Repeat ended without a response", assertThrows(RpcException.class,
                    () -> channel.unary(repeatAsUnary, hello("r", 0), CallOptions.DEFAULT)));
            assertEquals(0, channel.inFlight());
        });
    }

    @Test
    void aClientStreamingCallToABidiMethodNeedsExactlyOneResponse() throws Exception {
        Method<HelloRequest, HelloReply> chatAsCollect = Method.clientStreaming(SERVICE, "Chat", HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Call<HelloRequest, HelloReply> one = channel.clientStreaming(chatAsCollect, CallOptions.DEFAULT);
            one.send(hello("a", 0));
            assertEquals("re: a", one.finish().getMessage());
            Call<HelloRequest, HelloReply> two = channel.clientStreaming(chatAsCollect, CallOptions.DEFAULT);
            two.send(hello("a", 0));
            two.send(hello("b", 0));
            assertInternal(SERVICE + "/Chat sent more than one response", assertThrows(RpcException.class, two::finish));
            Call<HelloRequest, HelloReply> none = channel.clientStreaming(chatAsCollect, CallOptions.DEFAULT);
            assertInternal(SERVICE + "/Chat ended without a response", assertThrows(RpcException.class, none::finish));
            RpcFixture.waitFor(() -> channel.inFlight() == 0, "the calls to end");
        });
    }

    @Test
    void aUnaryHandlerWithoutItsRequestEndsTheCallWithInternal() throws Exception {
        Method<HelloRequest, HelloReply> helloAsCollect = Method.clientStreaming(SERVICE, "SayHello", HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Call<HelloRequest, HelloReply> call = channel.clientStreaming(helloAsCollect, CallOptions.DEFAULT);
            assertInternal(SERVICE + "/SayHello got no request message", assertThrows(RpcException.class, call::finish));
        });
    }

    @Test
    void sendingAfterHalfCloseIsRefusedAndTheCallStillEnds() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Call<HelloRequest, HelloReply> call = Greeter.client(channel).collect();
            assertTrue(call.toString().matches("call \\d+ " + SERVICE + "/Collect"), call.toString());
            call.send(hello("x", 0));
            call.halfClose();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.send(hello("late", 0)));
            assertEquals(SERVICE + "/Collect: send after halfClose", e.getMessage());
            assertEquals("x", call.receive().getMessage());
            assertEquals(null, call.receive());
            assertTrue(call.toString().endsWith(" (ended)"), call.toString());
        });
    }

    @Test
    void theIteratorOfResponsesThrowsTheCallsStatusAndEndsCleanly() throws Exception {
        Method<HelloRequest, HelloReply> helloAsStream = Method.serverStreaming(SERVICE, "SayHello", HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Iterator<HelloReply> failing = channel.serverStreaming(helloAsStream, hello("status", 0), CallOptions.DEFAULT).iterator();
            UncheckedRpcException e = assertThrows(UncheckedRpcException.class, failing::hasNext);
            assertEquals(StatusCode.NOT_FOUND, e.getCause().code());
            assertFalse(failing.hasNext(), "a failed stream has ended");
            Iterator<HelloReply> one = Greeter.client(channel).repeat(hello("n", 1)).iterator();
            assertEquals("n 0", one.next().getMessage());
            assertFalse(one.hasNext());
            assertThrows(NoSuchElementException.class, one::next);
        });
    }

    @Test
    void callsComeFromACoroOfTheChannelsLoop() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Object[] seen = new Object[1];
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    Greeter.client(channel).sayHello(hello("x", 0));
                } catch (Exception e) {
                    seen[0] = e;
                }
            });
            t.join();
            IllegalStateException e = (IllegalStateException) seen[0];
            assertTrue(e.getMessage().startsWith("call " + SERVICE + "/SayHello from a coro of the channel's loop"),
                    e.getMessage());
            assertEquals("hello x", Greeter.client(channel).sayHello(hello("x", 0)).getMessage());
        });
    }

    @Test
    void namesOfChannelsAndStubs() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            int port = server.port();
            assertEquals("Channel(127.0.0.1:" + port + ")", channel.toString());
            assertEquals("Health.Client(Channel(127.0.0.1:" + port + "))", Health.client(channel).toString());
            assertEquals("RemoteActors.Client(Channel(127.0.0.1:" + port + "))",
                    io.shrapnel.rpc.internal.wire.RemoteActors.client(channel).toString());
            channel.close();
            assertEquals("Channel(127.0.0.1:" + port + ", closed)", channel.toString());
        });
    }

    @Test
    void aServerRefusesAServiceOfferedTwiceAndACallerOutsideACoro() throws Exception {
        assertThrows(IllegalStateException.class, () -> RpcServer.create(RpcConfig.DEFAULT, new TestGreeter()));
        RpcFixture.onLoop(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RpcServer.create(RpcConfig.DEFAULT, new TestGreeter(), new TestGreeter()));
            assertEquals("service " + SERVICE + " is offered twice", e.getMessage());
        });
    }

    @Test
    void aServerThatWasClosedAnswersHealthChecksWithNotServing() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.create(RpcConfig.DEFAULT, new TestGreeter());
            server.close(); // stops serving; connections handed to it later are still served
            TcpSock listener = TcpSock.create();
            listener.bind(new InetSocketAddress("127.0.0.1", port));
            listener.listen(1);
            Coro.spawn("acceptor", () -> {
                try {
                    server.serve(listener.accept());
                } catch (IOException closed) {
                    // the test ended first
                }
            });
            try (Channel channel = Channel.connect("127.0.0.1", port)) {
                assertEquals(ServingStatus.NOT_SERVING,
                        Health.client(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
                assertEquals(1, server.connections());
            }
            listener.close();
            RpcFixture.waitFor(() -> server.connections() == 0, "the server to see the close");
        });
    }
}
