package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultsTest {
    static HelloRequest sleep(long millis) {
        return HelloRequest.newBuilder().setName("sleep").setSleepMillis(millis).build();
    }

    @Test
    void deadlineFailsTheCallAndInterruptsTheServerCoro() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            Greeter.Client c = Greeter.client(channel, CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));
            RpcException e = assertThrows(RpcException.class, () -> c.sayHello(sleep(60_000)));
            assertEquals(StatusCode.DEADLINE_EXCEEDED, e.code());
            RpcFixture.waitFor(() -> greeter.interrupted == 1, "the server coro to be interrupted");
            assertEquals("hello ok", c.sayHello(HelloRequest.newBuilder().setName("ok").build()).getMessage());
            assertEquals(0, channel.inFlight());
        });
    }

    @Test
    void deadlineReachesTheServerAsTimeRemaining() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            HelloRequest req = HelloRequest.newBuilder().setName("deadline").build();
            assertEquals("no deadline", Greeter.client(channel).sayHello(req).getMessage());
            String seen = Greeter.client(channel, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)))
                    .sayHello(req).getMessage();
            long millis = Long.parseLong(seen.substring("deadline ".length()));
            assertTrue(millis > 25_000 && millis <= 30_000, seen);
        });
    }

    @Test
    void clientCancelInterruptsTheServerCoro() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            Coro caller = Coro.spawn("caller", () -> Greeter.client(channel).sayHello(sleep(60_000)));
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the handler to run");
            caller.interrupt();
            RpcFixture.waitFor(() -> greeter.interrupted == 1, "the server coro to be interrupted");
            assertEquals(1, greeter.events.size());
            assertEquals(0, channel.inFlight());
        });
    }

    @Test
    void serverCoroIsNamedForTheMethod() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Coro.spawn("caller", () -> Greeter.client(channel).sayHello(sleep(100)));
            RpcFixture.waitFor(() -> Coro.whereAll().stream()
                    .anyMatch(i -> i.name().equals("rpc:shrapnel.test.Greeter/SayHello")), "the named coro");
            RpcFixture.waitFor(() -> channel.inFlight() == 0, "the call to end");
        });
    }

    @Test
    void lostConnectionFailsCallsWithUnavailable() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            RpcException[] seen = new RpcException[1];
            Coro.spawn("caller", () -> {
                try {
                    Greeter.client(channel).sayHello(sleep(60_000));
                } catch (RpcException e) {
                    seen[0] = e;
                }
            });
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the handler to run");
            server.close();
            RpcFixture.waitFor(() -> seen[0] != null, "the call to fail");
            assertEquals(StatusCode.UNAVAILABLE, seen[0].code());
            assertEquals(1, greeter.interrupted);
            assertFalse(channel.isOpen());
            assertEquals(StatusCode.UNAVAILABLE, assertThrows(RpcException.class,
                    () -> Greeter.client(channel).sayHello(sleep(1))).code());
        });
    }

    @Test
    void oversizedMessagesAreResourceExhaustedAndTheConnectionLives() throws Exception {
        RpcConfig small = RpcConfig.DEFAULT.withMaxMessageSize(1000);
        RpcFixture.run(small, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            HelloRequest bigRequest = HelloRequest.newBuilder().setName("x".repeat(2000)).build();
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, assertThrows(RpcException.class, () -> c.sayHello(bigRequest)).code());
            HelloRequest bigReply = HelloRequest.newBuilder().setName("big").setCount(5000).build();
            RpcException e = assertThrows(RpcException.class, () -> c.sayHello(bigReply));
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
            assertEquals("hello ok", c.sayHello(HelloRequest.newBuilder().setName("ok").build()).getMessage());
            assertTrue(channel.isOpen());
        });
    }

    @Test
    void tenThousandConcurrentCallsOnOneConnection() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            int n = 10_000;
            int[] done = new int[1];
            int[] maxInFlight = new int[1];
            for (int i = 0; i < n; i++) {
                String name = "c" + i;
                Coro.spawn(() -> {
                    maxInFlight[0] = Math.max(maxInFlight[0], channel.inFlight());
                    HelloReply r = c.sayHello(HelloRequest.newBuilder().setName("sleep").setSleepMillis(200).build());
                    if (r.getMessage().equals("hello sleep")) {
                        done[0]++;
                    }
                });
            }
            RpcFixture.waitFor(() -> channel.inFlight() >= n - 1 || done[0] > 0, "calls to be in flight");
            assertTrue(channel.inFlight() >= n - 1 || done[0] > 0);
            long t0 = System.nanoTime();
            while (done[0] < n && System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
                Coro.sleep(Duration.ofMillis(5));
            }
            assertEquals(n, done[0]);
            assertEquals(0, channel.inFlight());
        });
    }

    @Test
    void clientParksAtTheConcurrencyLimit() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT.withMaxConcurrentCalls(3), new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            int[] done = new int[1];
            int[] peak = new int[1];
            for (int i = 0; i < 10; i++) {
                Coro.spawn(() -> {
                    c.sayHello(sleep(20));
                    done[0]++;
                });
            }
            while (done[0] < 10) {
                peak[0] = Math.max(peak[0], channel.inFlight());
                Coro.sleep(Duration.ofMillis(1));
            }
            assertEquals(3, peak[0]);
        });
    }

    @Test
    void slowConsumerParksTheProducer() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName("r").setCount(10_000).build())) {
                assertEquals("r 0", replies.receive().getMessage());
                Coro.sleep(Duration.ofMillis(100)); // the server runs meanwhile: it stops at the window
                assertTrue(greeter.produced <= Credits.INITIAL + 1, "produced " + greeter.produced);
                int got = 1;
                while (replies.receive() != null) {
                    got++;
                }
                assertEquals(10_000, got);
            }
        });
    }

    @Test
    void slowConsumerOfBigMessagesParksTheProducerByBytes() throws Exception {
        TestGreeter greeter = new TestGreeter();
        String big = "x".repeat(100_000);
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName(big).setCount(100).build())) {
                assertEquals(big + " 0", replies.receive().getMessage());
                // 1 MiB of credit, 100 kB messages: 10 go, the 11th parks (the message window alone allows 32)
                long window = Credits.INITIAL_BYTES / 100_008;
                RpcFixture.waitFor(() -> greeter.produced >= window, "the server to fill the byte window");
                Coro.sleep(Duration.ofMillis(100)); // the server could run on meanwhile: it is parked
                assertEquals(window, greeter.produced);
                int got = 1;
                while (replies.receive() != null) {
                    got++;
                }
                assertEquals(100, got);
            }
        });
    }

    @Test
    void aMessageBiggerThanTheByteWindowGoesAlone() throws Exception {
        TestGreeter greeter = new TestGreeter();
        String huge = "y".repeat((int) Credits.INITIAL_BYTES + 10);
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName(huge).setCount(3).build())) {
                int got = 0;
                for (HelloReply r; (r = replies.receive()) != null; got++) {
                    assertEquals(huge + " " + got, r.getMessage());
                }
                assertEquals(3, got);
            }
        });
    }

    @Test
    void hostilePeerGetsItsConnectionClosedAndNothingLeaks() throws Exception {
        RpcFixture.warmUp();
        long buffers = FrameBuffer.live();
        Set<String> fds = RpcFixture.fdTargets();
        String[] garbage = {
            "ffffffffffff", // a length that never ends
            "03010900", // unknown kind
            "0501010000ff", // OPEN with a malformed header payload
            "0300020000", // MESSAGE for call 0 is fine to drop, then a truncated frame and EOF
        };
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int port = Ports.free();
                RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                        new TestGreeter());
                for (String g : garbage) {
                    TcpSock s = TcpSock.create();
                    s.connect("127.0.0.1", port);
                    s.sendAll(HexFormat.of().parseHex(g));
                    s.shutdown(io.shrapnel.net.Direction.WRITE);
                    assertEquals(-1, s.recvInto(ByteBuffer.allocate(100)), "the server closes: " + g);
                    s.close();
                }
                RpcFixture.waitFor(() -> server.connections() == 0, "connections to close");
                // a well-behaved client still works
                try (Channel ch = Channel.connect("127.0.0.1", port)) {
                    assertEquals("hello ok", Greeter.client(ch)
                            .sayHello(HelloRequest.newBuilder().setName("ok").build()).getMessage());
                }
                server.close();
                RpcFixture.waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        }
        assertEquals(buffers, FrameBuffer.live());
        RpcFixture.assertNoNewFds(fds);
    }

    @Test
    void hostileServerFailsTheCallWithAClearStatus() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = TcpSock.create();
            listener.bind(new InetSocketAddress("127.0.0.1", port));
            listener.listen(1);
            Coro.spawn("fake-server", () -> {
                try (TcpSock conn = listener.accept()) {
                    conn.recv(1000);
                    FrameBuffer out = new FrameBuffer(64);
                    FrameEncoder.write(out, 1, FrameKind.MESSAGE, 0, com.google.protobuf.StringValue.of("x"));
                    ByteBuffer p = out.pending();
                    p.put(p.position() + 5, (byte) 0xff); // corrupt the payload: not a HelloReply
                    conn.sendAll(p);
                    FrameEncoder.write(out, 0, FrameKind.OPEN, 0, null); // a server never sends OPEN
                    out.consume((int) out.pendingBytes() - 4);
                    conn.sendAll(out.pending());
                    out.release();
                    conn.recv(1000); // wait for the client to go
                }
            });
            try (Channel ch = Channel.connect("127.0.0.1", port)) {
                RpcException e = assertThrows(RpcException.class,
                        () -> Greeter.client(ch).sayHello(HelloRequest.newBuilder().setName("x").build()));
                assertTrue(e.code() == StatusCode.INTERNAL, e.toString());
            }
            listener.close();
        });
    }
}
