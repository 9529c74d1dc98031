package io.shrapnel.rpc.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.rpc.CallOptions;
import io.shrapnel.rpc.Channel;
import io.shrapnel.rpc.RpcConfig;
import io.shrapnel.rpc.RpcServer;
import io.shrapnel.rpc.Serialisers;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's service in this JVM (DemoTest runs the demo programs as processes, where no mutant of
 * this JVM can be seen): its Greeter over a real loopback connection, through the generated stub.
 */
class DemoGreeterTest {
    private static int freePort() throws Exception {
        for (int port = 27900; port < 28000; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException inUse) {
                // the next one
            }
        }
        throw new IllegalStateException("no free port in 27900-27999");
    }

    @Test
    void greeterAnswersOnceAndStreamsTheAskedNumberOfGreetings() throws Exception {
        int port = freePort();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                        new GreeterServer());
                try (Channel channel = Channel.connect("127.0.0.1", port)) {
                    Greeter.Client greeter = Greeter.client(channel, CallOptions.DEFAULT);
                    assertEquals("Greeter.Client(" + channel + ")", greeter.toString());
                    HelloRequest three = HelloRequest.newBuilder().setName("demo").setTimes(3).build();
                    assertEquals("hello demo", greeter.sayHello(three).getMessage());
                    List<String> got = new ArrayList<>();
                    for (HelloReply r : Greeter.client(channel).sayHelloMany(three)) {
                        got.add(r.getMessage());
                    }
                    assertEquals(List.of("hello demo #1", "hello demo #2", "hello demo #3"), got);
                    HelloRequest none = HelloRequest.newBuilder().setName("nobody").build();
                    assertTrue(Greeter.client(channel).sayHelloMany(none).receive() == null, "no greetings for 0 times");
                } finally {
                    server.close();
                }
                // the readers, writers and call coros see the close and end
                long end = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
                while (Coro.current().scheduler().liveCoros() > 1) {
                    assertTrue(System.nanoTime() < end, "coros left: " + Coro.whereAll());
                    Coro.sleep(java.time.Duration.ofMillis(1));
                }
            });
        }
    }

    @Test
    void actorPingRegistersBothItsMessageTypes() {
        assertThrows(IllegalArgumentException.class, () -> ActorPing.serialisers().registerProtobuf(Ping.getDefaultInstance()));
        assertThrows(IllegalArgumentException.class, () -> ActorPing.serialisers().registerProtobuf(Pong.getDefaultInstance()));
        new Serialisers().registerProtobuf(Ping.getDefaultInstance()).registerProtobuf(Pong.getDefaultInstance());
    }
}
