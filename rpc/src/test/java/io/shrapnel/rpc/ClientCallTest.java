package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.test.AllTypes;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's side of a call on its own: every way a call ends early on this side (interrupt,
 * cancel, close, deadline, a request over this side's limit, a second response) tells the server to
 * stop and frees the call's slot at once, whatever the server would have done.
 */
class ClientCallTest {
    private static final String SERVICE = "shrapnel.test.Greeter";
    /** The unary SayHello read as a stream: a call the caller ends without a try-with-resources. */
    private static final Method<HelloRequest, HelloReply> HELLO_AS_STREAM =
            Method.serverStreaming(SERVICE, "SayHello", HelloRequest.parser(), HelloReply.parser());

    @Test
    void interruptingTheReaderOfAStreamCancelsIt() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            Coro reader = Coro.spawn("reader", () -> channel.serverStreaming(HELLO_AS_STREAM, FaultsTest.sleep(60_000), CallOptions.DEFAULT).receive());
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the handler to run");
            reader.interrupt();
            RpcFixture.waitFor(() -> greeter.interrupted == 1, "the server coro to be interrupted");
            assertEquals(0, channel.inFlight());
        });
    }

    @Test
    void cancelAndCloseStopTheServerAndLaterReceivesThrowCancelled() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            Responses<HelloReply> cancelled = channel.serverStreaming(HELLO_AS_STREAM, FaultsTest.sleep(60_000), CallOptions.DEFAULT);
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the first handler to run");
            cancelled.cancel();
            assertEquals(0, channel.inFlight());
            RpcFixture.waitFor(() -> greeter.interrupted == 1, "the first server coro to be interrupted");
            RpcException e = assertThrows(RpcException.class, cancelled::receive);
            assertEquals(StatusCode.CANCELLED, e.code());
            assertEquals(SERVICE + "/SayHello cancelled by the client", e.description());

            Responses<HelloReply> closed = channel.serverStreaming(HELLO_AS_STREAM, FaultsTest.sleep(60_000), CallOptions.DEFAULT);
            RpcFixture.waitFor(() -> greeter.sleeping == 2, "the second handler to run");
            closed.close();
            assertEquals(0, channel.inFlight());
            RpcFixture.waitFor(() -> greeter.interrupted == 2, "the second server coro to be interrupted");
            closed.close(); // ended: nothing more
        });
    }

    @Test
    void theClientEnforcesTheDeadlineOfAServerThatIgnoresIt() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = ConnectionTest.listen(port);
            List<Integer> kinds = new ArrayList<>();
            Coro fake = Coro.spawn("silent server", () -> {
                try (TcpSock conn = listener.accept()) {
                    ConnectionTest.readFrames(conn, f -> {
                        if (f.callId() == 1) {
                            kinds.add(f.kind());
                        }
                        return f.kind() == FrameKind.CANCEL;
                    });
                }
            });
            try (Channel ch = Channel.connect("127.0.0.1", port)) {
                // a stream, not a unary call: no try-with-resources closes it after the deadline
                Responses<HelloReply> r = ch.serverStreaming(HELLO_AS_STREAM, FaultsTest.sleep(1),
                        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)));
                RpcException e = Coro.withTimeout(Duration.ofSeconds(10), () -> assertThrows(RpcException.class, r::receive));
                assertEquals(StatusCode.DEADLINE_EXCEEDED, e.code());
                assertEquals(SERVICE + "/SayHello: deadline exceeded", e.description());
                assertEquals(0, ch.inFlight());
                fake.join();
            }
            listener.close();
            assertEquals(List.of(FrameKind.OPEN, FrameKind.MESSAGE, FrameKind.CANCEL), kinds);
        });
    }

    static AllTypes ofSize(int bytes) {
        AllTypes small = AllTypes.newBuilder().setFString("").build();
        // a string field of n < 128 bytes takes n + 2 bytes
        return AllTypes.newBuilder().setFString("s".repeat(bytes - 2 - small.getSerializedSize())).build();
    }

    @Test
    void theClientsOwnMessageLimitRefusesRequestsTheServerWouldTake() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter());
            try (Channel ch = Channel.connect("127.0.0.1", port,
                    RpcConfig.DEFAULT.withMaxMessageSize(100).withMaxMetadataSize(10))) {
                Greeter.Client c = Greeter.client(ch);
                AllTypes atTheLimit = ofSize(100);
                assertEquals(100, atTheLimit.getSerializedSize());
                RpcStats.MethodCounters echo = RpcStats.CLIENT.of(SERVICE + "/Echo");
                long before = echo.bytesOut.sum();
                long startedBefore = echo.started.sum();
                long inBefore = echo.bytesIn.sum();
                long endedBefore = echo.ended.sum();
                long okBefore = echo.byStatus[StatusCode.OK.number()].sum();
                assertEquals(atTheLimit, c.echo(atTheLimit), "the limit is inclusive");
                assertEquals(100, echo.bytesOut.sum() - before, "the request's bytes are counted");
                assertEquals(100, echo.bytesIn.sum() - inBefore, "the response's bytes are counted");
                assertEquals(1, echo.started.sum() - startedBefore);
                assertEquals(1, echo.ended.sum() - endedBefore, "the call's end is counted");
                assertEquals(1, echo.byStatus[StatusCode.OK.number()].sum() - okBefore);

                RpcException bigReply = assertThrows(RpcException.class,
                        () -> c.sayHello(HelloRequest.newBuilder().setName("big").setCount(200).build()));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, bigReply.code());
                assertTrue(bigReply.description().endsWith(" bytes is over the maximum message size of 100"), bigReply.description());
                assertTrue(bigReply.description().startsWith("response of "), bigReply.description());

                RpcException e = assertThrows(RpcException.class, () -> c.echo(ofSize(101)));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
                assertEquals("request of 101 bytes is over the maximum message size of 100", e.description());

                Method<AllTypes, AllTypes> echoStream = Method.clientStreaming(SERVICE, "Echo", AllTypes.parser(), AllTypes.parser());
                Call<AllTypes, AllTypes> call = ch.clientStreaming(echoStream, CallOptions.DEFAULT);
                assertEquals(1, ch.inFlight());
                long streamed = echo.bytesOut.sum();
                call.send(ofSize(10));
                assertEquals(10, echo.bytesOut.sum() - streamed, "a streamed request's bytes are counted");
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, assertThrows(RpcException.class, () -> call.send(ofSize(101))).code());
                assertEquals(0, ch.inFlight(), "the call ended with the refused request");
                RpcException tooMuchMetadata = assertThrows(RpcException.class, () -> Greeter.client(ch,
                        CallOptions.DEFAULT.withMetadata(Metadata.EMPTY.with("who", "a-long-name"))).echo(atTheLimit));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, tooMuchMetadata.code());
                assertEquals(0, ch.inFlight());
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, assertThrows(RpcException.class, () -> call.send(ofSize(10))).code());
                Call<AllTypes, AllTypes> cancelled = ch.clientStreaming(echoStream, CallOptions.DEFAULT);
                cancelled.cancel();
                assertTrue(cancelled.toString().endsWith(" " + SERVICE + "/Echo (ended)"), cancelled.toString());
                assertEquals(StatusCode.CANCELLED, assertThrows(RpcException.class, () -> cancelled.send(ofSize(101))).code(),
                        "an ended call's own status, whatever the size of the request");
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aSecondResponseToFinishStopsTheServer() throws Exception {
        Method<HelloRequest, HelloReply> twice = Method.bidi("t.Twice", "Answer", HelloRequest.parser(), HelloReply.parser());
        int[] interrupted = new int[1];
        ServiceDefinition def = ServiceDefinition.builder("t.Twice").bidi(twice, (in, out) -> {
            in.receive();
            out.send(HelloReply.newBuilder().setMessage("one").build());
            out.send(HelloReply.newBuilder().setMessage("two").build());
            in.receive(); // the end of the requests
            try {
                Coro.sleep(Duration.ofSeconds(60));
            } catch (io.shrapnel.kernel.Interrupted e) {
                interrupted[0]++;
                throw e;
            }
        }).build();
        RpcFixture.run(RpcConfig.DEFAULT, () -> def, (server, channel) -> {
            Method<HelloRequest, HelloReply> asCollect = Method.clientStreaming("t.Twice", "Answer", HelloRequest.parser(), HelloReply.parser());
            Call<HelloRequest, HelloReply> call = channel.clientStreaming(asCollect, CallOptions.DEFAULT);
            call.send(HelloRequest.newBuilder().setName("q").build());
            RpcException e = assertThrows(RpcException.class, call::finish);
            assertEquals("t.Twice/Answer sent more than one response", e.description());
            assertEquals(0, channel.inFlight());
            RpcFixture.waitFor(() -> interrupted[0] == 1, "the server coro to be interrupted");
        });
    }

    @Test
    void aCallerParkedAtTheLimitFailsWhenTheConnectionCloses() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT.withMaxConcurrentCalls(1), greeter, (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            List<StatusCode> failed = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one runs, two park: the call's end wakes one, the close the other
                Coro.spawn(() -> {
                    try {
                        c.sayHello(FaultsTest.sleep(60_000));
                    } catch (RpcException e) {
                        failed.add(e.code());
                    }
                });
            }
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the first call to run");
            channel.close();
            RpcFixture.waitFor(() -> failed.size() == 3, "every caller to fail, the parked ones too");
            assertEquals(List.of(StatusCode.UNAVAILABLE, StatusCode.UNAVAILABLE, StatusCode.UNAVAILABLE), failed);
        });
    }

    @Test
    void aSenderParkedForCreditFailsWhenTheServerEndsTheCall() throws Exception {
        Method<HelloRequest, HelloReply> deaf = Method.clientStreaming("t.Deaf", "Ignore", HelloRequest.parser(), HelloReply.parser());
        int[] sent = new int[1];
        ServiceDefinition def = ServiceDefinition.builder("t.Deaf").clientStreaming(deaf, in -> {
            RpcFixture.waitFor(() -> sent[0] == Credits.INITIAL, "the client to use up its window");
            return HelloReply.newBuilder().setMessage("not reading").build();
        }).build();
        RpcFixture.run(RpcConfig.DEFAULT, () -> def, (server, channel) -> {
            Call<HelloRequest, HelloReply> call = channel.clientStreaming(deaf, CallOptions.DEFAULT);
            RpcException e = Coro.withTimeout(Duration.ofSeconds(10), () -> assertThrows(RpcException.class, () -> {
                while (true) {
                    call.send(HelloRequest.getDefaultInstance());
                    sent[0]++;
                }
            }));
            assertEquals(Credits.INITIAL, sent[0]);
            assertEquals(StatusCode.INTERNAL, e.code());
            assertEquals("the server ended t.Deaf/Ignore before its requests", e.description());
        });
    }

    @Test
    void aMalformedStatusFromTheServerIsInternal() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = ConnectionTest.listen(port);
            Coro.spawn("garbling server", () -> {
                try (TcpSock conn = listener.accept()) {
                    ConnectionTest.readFrames(conn, f -> f.isEnd());
                    FrameBuffer out = new FrameBuffer(64);
                    FrameEncoder.write(out, 1, FrameKind.CLOSE, 0, com.google.protobuf.StringValue.of("x"));
                    ByteBuffer p = out.pending();
                    p.put(p.position() + 4, (byte) 0xff); // the trailer's first tag: field 31, wire type 7
                    conn.sendAll(p);
                    out.release();
                    ConnectionTest.readFrames(conn, f -> false); // until the client goes
                }
            });
            try (Channel ch = Channel.connect("127.0.0.1", port)) {
                RpcException e = assertThrows(RpcException.class,
                        () -> Greeter.client(ch).sayHello(HelloRequest.newBuilder().setName("x").build()));
                assertEquals(StatusCode.INTERNAL, e.code());
                assertTrue(e.description().startsWith("malformed status from the server: "), e.description());
            }
            listener.close();
        });
    }

    /** A HelloReply whose serialised size is exactly {@code bytes}, from 16 KiB to 2 MiB (tag, 3-byte length, text). */
    private static HelloReply replyOfSize(int bytes) {
        return HelloReply.newBuilder().setMessage("r".repeat(bytes - 4)).build();
    }

    @Test
    void aServerSendingPastItsCreditHasTheCallCancelledAndWhatFollowsDropped() throws Exception {
        HelloReply small = HelloReply.newBuilder().setMessage("x").build();
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = ConnectionTest.listen(port);
            List<Long> cancelled = new ArrayList<>();
            Coro fake = Coro.spawn("flooding server", () -> {
                try (TcpSock conn = listener.accept()) {
                    int[] requests = new int[1];
                    ConnectionTest.readFrames(conn, f -> f.isEnd() && ++requests[0] == 3);
                    // call 1: a whole window of messages, one more, and a flood the client drops
                    for (int m = 0; m < Credits.INITIAL + 200; m++) {
                        ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, 1, FrameKind.MESSAGE, 0, small));
                    }
                    // call 2: four messages that fill the byte window exactly, one more
                    for (int m = 0; m < 4; m++) {
                        ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, 2, FrameKind.MESSAGE, 0,
                                replyOfSize((int) Credits.INITIAL_BYTES / 4)));
                    }
                    ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, 2, FrameKind.MESSAGE, 0, small));
                    // call 3: one message bigger than the whole byte window goes alone
                    ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, 3, FrameKind.MESSAGE, 0,
                            replyOfSize((int) Credits.INITIAL_BYTES + 4)));
                    ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, 3, FrameKind.MESSAGE, 0, small));
                    ConnectionTest.readFrames(conn, f -> {
                        if (f.kind() == FrameKind.CANCEL) {
                            cancelled.add(f.callId());
                        }
                        return cancelled.size() == 3;
                    });
                    for (long id = 1; id <= 3; id++) { // statuses for calls already ended: dropped
                        long call = id;
                        ServerCallTest.sendFrames(conn, out -> FrameEncoder.write(out, call, FrameKind.CLOSE, 0, null));
                    }
                    ConnectionTest.readFrames(conn, f -> false); // until the client goes
                }
            });
            try (Channel ch = Channel.connect("127.0.0.1", port)) {
                List<Responses<HelloReply>> streams = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    streams.add(ch.serverStreaming(HELLO_AS_STREAM, HelloRequest.newBuilder().setName("flood").build(),
                            CallOptions.DEFAULT));
                }
                RpcFixture.waitFor(() -> cancelled.size() == 3, "the client to cancel the three calls");
                assertEquals(List.of(1L, 2L, 3L), cancelled);
                assertEquals(0, ch.inFlight());
                for (int i = 0; i < 3; i++) { // the responses that came within the credit are dropped too
                    RpcException e = assertThrows(RpcException.class, streams.get(i)::receive, "call " + (i + 1));
                    assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
                    assertEquals("the peer sent more messages than it had credits for", e.description());
                }
            }
            fake.join();
            listener.close();
        });
    }

    @Test
    void responsesNotReadWhenTheCallerCancelsAreDropped() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            RpcStats.MethodCounters chat = RpcStats.CLIENT.of(SERVICE + "/Chat");
            long before = chat.bytesIn.sum();
            Call<HelloRequest, HelloReply> call = Greeter.client(channel).chat();
            call.send(HelloRequest.newBuilder().setName("a").build());
            call.send(HelloRequest.newBuilder().setName("b").build());
            assertEquals("re: a", call.receive().getMessage());
            RpcFixture.waitFor(() -> chat.bytesIn.sum() - before == 2 * 7, "the second response to arrive");
            call.cancel();
            RpcException e = assertThrows(RpcException.class, call::receive, "\"re: b\" was not read: dropped");
            assertEquals(StatusCode.CANCELLED, e.code());
            assertEquals(SERVICE + "/Chat cancelled by the client", e.description());
            assertEquals(StatusCode.CANCELLED, assertThrows(RpcException.class, call::receive).code(), "and every later receive");
        });
    }
}
