package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVMs on loopback: the second one is killed with SIGKILL (kill -9) in the middle of things. */
class NodeKilledTest {
    static Process startNode(int actorPort, int rpcPort) throws Exception {
        return Jvm.start(PongNode.class, "READY", Integer.toString(actorPort), Integer.toString(rpcPort));
    }

    @Test
    void killedNodeGivesNodeLostAndUnavailable() throws Exception {
        RpcFixture.warmUp();
        long buffers = FrameBuffer.live();
        int actorPort = Ports.free();
        int rpcPort = Ports.free();
        Process node = startNode(actorPort, rpcPort);
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ActorNode here = ActorNode.start(new java.net.InetSocketAddress("127.0.0.1", Ports.free()),
                        PongActor.serialisers());
                RemoteNode there = here.connect("127.0.0.1", actorPort);
                Channel channel = Channel.connect("127.0.0.1", rpcPort);
                Inbox<Object> inbox = Actors.inbox();
                ActorRef<Object> pong = there.ref("pong");
                HelloReply r = pong.ask(replyTo -> new RemoteAsk<>(HelloRequest.newBuilder().setName("a").build(),
                        replyTo), Duration.ofSeconds(5));
                assertEquals("pong a", r.getMessage());
                there.monitor(pong, Actors.self(), d -> d);
                RpcException[] failed = new RpcException[1];
                Coro.spawn("in-flight", () -> {
                    try {
                        Greeter.client(channel).sayHello(HelloRequest.newBuilder().setName("sleep")
                                .setSleepMillis(60_000).build());
                    } catch (RpcException e) {
                        failed[0] = e;
                    }
                });
                Coro.sleep(Duration.ofMillis(100));
                long killedAt = System.nanoTime();
                node.destroyForcibly(); // SIGKILL
                Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow(
                        () -> new AssertionError("no DOWN within 5 s of kill -9"));
                assertInstanceOf(NodeLost.class, down.reason());
                assertTrue(System.nanoTime() - killedAt < Duration.ofSeconds(5).toNanos());
                RpcFixture.waitFor(() -> failed[0] != null, "the call in flight to fail");
                assertEquals(StatusCode.UNAVAILABLE, failed[0].code());
                channel.close();
                there.close();
                here.close();
                RpcFixture.waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(buffers, FrameBuffer.live());
    }
}
