package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.wire.CallHeader;
import io.shrapnel.rpc.internal.wire.Trailer;
import io.shrapnel.rpc.test.AllTypes;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The server's side of a call on its own: its counters, its own limits and deadline (a client with
 * higher limits, or one that does not enforce its deadline), and the end of a request stream.
 */
class ServerCallTest {
    private static final String SERVICE = "shrapnel.test.Greeter";

    @Test
    void theServerCountsCallsBytesAndStatusesPerMethod() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            RpcStats.MethodCounters echo = RpcStats.SERVER.of(Greeter.ECHO.fullName());
            long started = echo.started.sum();
            long ended = echo.ended.sum();
            long ok = echo.byStatus[StatusCode.OK.number()].sum();
            long in = echo.bytesIn.sum();
            long out = echo.bytesOut.sum();
            AllTypes request = AllTypes.newBuilder().setFString("twelve bytes").build();
            Greeter.client(channel).echo(request);
            int size = request.getSerializedSize();
            assertEquals(1, echo.started.sum() - started);
            assertEquals(1, echo.ended.sum() - ended);
            assertEquals(1, echo.byStatus[StatusCode.OK.number()].sum() - ok);
            assertEquals(size, echo.bytesIn.sum() - in);
            assertEquals(size, echo.bytesOut.sum() - out);

            RpcStats.MethodCounters hello = RpcStats.SERVER.of(Greeter.SAY_HELLO.fullName());
            long cancelled = hello.byStatus[StatusCode.CANCELLED.number()].sum();
            Coro caller = Coro.spawn("caller", () -> Greeter.client(channel).sayHello(FaultsTest.sleep(60_000)));
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the handler to run");
            caller.interrupt();
            RpcFixture.waitFor(() -> hello.byStatus[StatusCode.CANCELLED.number()].sum() == cancelled + 1,
                    "the server to count the cancelled call");
        });
    }

    @Test
    void theEndFlagOfAUnaryRequestEndsAClientStreamingHandlersRequests() throws Exception {
        Method<HelloRequest, HelloReply> collectAsUnary = Method.unary(SERVICE, "Collect", HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            HelloReply r = channel.unary(collectAsUnary, HelloRequest.newBuilder().setName("only").build(),
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
            assertEquals("only", r.getMessage());
        });
    }

    @Test
    void theServersOwnLimitsAndItsParserRefuseTheCallConcerned() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port),
                    RpcConfig.DEFAULT.withMaxMessageSize(100).withMaxMetadataSize(10), new TestGreeter());
            try (Channel channel = Channel.connect("127.0.0.1", port)) { // the client's limits are higher
                Greeter.Client c = Greeter.client(channel);
                AllTypes atTheLimit = ClientCallTest.ofSize(100);
                assertEquals(atTheLimit, c.echo(atTheLimit), "a request and a response at the limit go");
                RpcException big = assertThrows(RpcException.class,
                        () -> c.echo(AllTypes.newBuilder().setFString("x".repeat(200)).build()));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, big.code());
                assertEquals("request of 203 bytes is over the maximum message size of 100", big.description());

                RpcException meta = assertThrows(RpcException.class, () -> Greeter.client(channel,
                        CallOptions.DEFAULT.withMetadata(Metadata.EMPTY.with("who", "a-long-name"))).sayHello(FaultsTest.sleep(1)));
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, meta.code());

                // field 1 of a BytesValue is the name of a HelloRequest, which must be UTF-8
                Method<BytesValue, HelloReply> notAHello = Method.unary(SERVICE, "SayHello", BytesValue.parser(), HelloReply.parser());
                RpcException garbled = assertThrows(RpcException.class, () -> channel.unary(notAHello,
                        BytesValue.of(ByteString.copyFrom(new byte[] {(byte) 0xff})), CallOptions.DEFAULT));
                assertEquals(StatusCode.INTERNAL, garbled.code());
                assertTrue(garbled.description().startsWith("the payload is not a " + SERVICE + "/SayHello request"),
                        garbled.description());
                assertEquals("hello sleep", c.sayHello(FaultsTest.sleep(1)).getMessage(), "the connection carries on");
            } finally {
                server.close();
            }
        });
    }

    @Test
    void theServerEndsACallAtItsDeadlineWhenTheClientDoesNot() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, greeter);
            Trailer[] status = new Trailer[1];
            try (TcpSock raw = TcpSock.create()) {
                raw.connect("127.0.0.1", port);
                FrameBuffer out = new FrameBuffer(256);
                try {
                    FrameEncoder.write(out, 1, FrameKind.OPEN, 0,
                            CallHeader.newBuilder().setMethod(Greeter.SAY_HELLO.fullName()).setTimeoutMicros(100_000).build());
                    FrameEncoder.write(out, 1, FrameKind.MESSAGE, FrameKind.FLAG_END, FaultsTest.sleep(60_000));
                    raw.sendAll(out.pending());
                } finally {
                    out.release();
                }
                ConnectionTest.readFrames(raw, f -> {
                    if (f.kind() != FrameKind.CLOSE) {
                        return false;
                    }
                    try {
                        status[0] = Trailer.parseFrom(f.payload());
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                    return true;
                });
            } finally {
                server.close();
            }
            assertEquals(StatusCode.DEADLINE_EXCEEDED.number(), status[0].getCode());
            assertEquals(SERVICE + "/SayHello: deadline exceeded on the server", status[0].getMessage());
            assertEquals(1, greeter.interrupted);
        });
    }

    /** A BytesValue whose serialised size is exactly {@code bytes}, from 16 KiB to 2 MiB (tag, 3-byte length, content). */
    static BytesValue bytesOfSize(int bytes) {
        return BytesValue.of(ByteString.copyFrom(new byte[bytes - 4]));
    }

    /** Encodes the frames {@code frames} writes and sends them on {@code raw}. */
    static void sendFrames(TcpSock raw, java.util.function.Consumer<FrameBuffer> frames) throws IOException {
        FrameBuffer out = new FrameBuffer(256);
        try {
            frames.accept(out);
            raw.sendAll(out.pending());
        } finally {
            out.release();
        }
    }

    @Test
    void aClientSendingPastItsCreditFailsThatCallAndWhatFollowsIsDropped() throws Exception {
        String svc = "t.Hoard";
        Map<String, Integer> taken = new TreeMap<>();
        boolean[] released = new boolean[1];
        ServiceDefinition.ClientStreamingHandler<BytesValue, HelloReply> hoarder = in -> {
            RpcFixture.waitFor(() -> released[0], "every frame to be delivered before reading");
            int n = 0;
            try {
                while (in.receive() != null) {
                    n++;
                }
            } finally {
                taken.put(RpcContext.current().method(), n);
            }
            return HelloReply.getDefaultInstance();
        };
        ServiceDefinition def = ServiceDefinition.builder(svc)
                .clientStreaming(Method.clientStreaming(svc, "Count", BytesValue.parser(), HelloReply.parser()), hoarder)
                .clientStreaming(Method.clientStreaming(svc, "Bytes", BytesValue.parser(), HelloReply.parser()), hoarder)
                .clientStreaming(Method.clientStreaming(svc, "Whole", BytesValue.parser(), HelloReply.parser()), hoarder)
                .unary(Method.unary(svc, "Go", BytesValue.parser(), HelloReply.parser()), r -> {
                    released[0] = true;
                    return HelloReply.getDefaultInstance();
                }).build();
        BytesValue small = BytesValue.of(ByteString.copyFromUtf8("x")); // 3 bytes: not an empty payload
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, () -> def);
            Map<Long, Trailer> status = new HashMap<>();
            try (TcpSock raw = TcpSock.create()) {
                raw.connect("127.0.0.1", port);
                String[] names = {"Count", "Bytes", "Whole", "Go"};
                for (int i = 0; i < names.length; i++) {
                    long id = 2 * i + 1;
                    CallHeader header = CallHeader.newBuilder().setMethod(svc + "/" + names[i]).build();
                    sendFrames(raw, out -> FrameEncoder.write(out, id, FrameKind.OPEN, 0, header));
                    if (id == 1) { // a whole window of messages, one more, and a flood the server drops
                        for (int m = 0; m < Credits.INITIAL + 200; m++) {
                            sendFrames(raw, out -> FrameEncoder.write(out, 1, FrameKind.MESSAGE, 0, small));
                        }
                    } else if (id == 3) { // four messages that fill the byte window exactly, one more
                        for (int m = 0; m < 4; m++) {
                            sendFrames(raw, out -> FrameEncoder.write(out, 3, FrameKind.MESSAGE, 0,
                                    bytesOfSize((int) Credits.INITIAL_BYTES / 4)));
                        }
                        sendFrames(raw, out -> FrameEncoder.write(out, 3, FrameKind.MESSAGE, 0, small));
                    } else if (id == 5) { // one message bigger than the whole byte window goes alone
                        sendFrames(raw, out -> FrameEncoder.write(out, 5, FrameKind.MESSAGE, 0,
                                bytesOfSize((int) Credits.INITIAL_BYTES + 4)));
                        sendFrames(raw, out -> FrameEncoder.write(out, 5, FrameKind.MESSAGE, 0, small));
                    } else {
                        sendFrames(raw, out -> FrameEncoder.write(out, 7, FrameKind.MESSAGE, FrameKind.FLAG_END, small));
                    }
                    if (id != 7) {
                        sendFrames(raw, out -> FrameEncoder.write(out, id, FrameKind.HALF_CLOSE, 0, null));
                    }
                }
                ConnectionTest.readFrames(raw, f -> {
                    if (f.kind() == FrameKind.CLOSE) {
                        try {
                            status.put(f.callId(), Trailer.parseFrom(f.payload()));
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new AssertionError(e);
                        }
                    }
                    return status.size() == 4;
                });
            } finally {
                server.close();
            }
            assertEquals(Map.of(svc + "/Bytes", 4, svc + "/Count", Credits.INITIAL, svc + "/Whole", 1), taken);
            for (long id = 1; id <= 5; id += 2) {
                assertEquals(StatusCode.RESOURCE_EXHAUSTED.number(), status.get(id).getCode(), "call " + id);
                assertEquals("the peer sent more messages than it had credits for", status.get(id).getMessage());
            }
            assertEquals(StatusCode.OK.number(), status.get(7L).getCode());
        });
    }

    /** Reads frames from {@code raw} until the CLOSE of call {@code last}; returns the ids of every CLOSE read. */
    private static List<Long> closesUntil(TcpSock raw, long last, List<Frame> messages) throws Exception {
        List<Long> closed = new ArrayList<>();
        ConnectionTest.readFrames(raw, f -> {
            if (f.kind() == FrameKind.MESSAGE) {
                messages.add(f);
            }
            if (f.kind() == FrameKind.CLOSE) {
                closed.add(f.callId());
            }
            return f.kind() == FrameKind.CLOSE && f.callId() == last;
        });
        return closed;
    }

    private static CallHeader open(String method) {
        return CallHeader.newBuilder().setMethod(SERVICE + "/" + method).build();
    }

    @Test
    void aCallCancelledBeforeItsCoroRunsNeverRunsAndACancelledCallGetsNoStatus() throws Exception {
        TestGreeter greeter = new TestGreeter();
        HelloRequest ok = HelloRequest.newBuilder().setName("ok").build();
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, greeter);
            List<Frame> ignored = new ArrayList<>();
            try (TcpSock raw = TcpSock.create()) {
                raw.connect("127.0.0.1", port);
                // one write: the reader handles the CANCEL before call 1's coro first runs
                sendFrames(raw, out -> {
                    FrameEncoder.write(out, 1, FrameKind.OPEN, 0, open("SayHello"));
                    FrameEncoder.write(out, 1, FrameKind.MESSAGE, FrameKind.FLAG_END, FaultsTest.sleep(60_000));
                    FrameEncoder.write(out, 1, FrameKind.CANCEL, 0, null);
                    FrameEncoder.write(out, 9, FrameKind.MESSAGE, 0, ok); // frames of calls that are not open: dropped
                    FrameEncoder.write(out, 9, FrameKind.CANCEL, 0, null);
                    FrameEncoder.write(out, 3, FrameKind.OPEN, 0, open("SayHello"));
                    FrameEncoder.write(out, 3, FrameKind.MESSAGE, FrameKind.FLAG_END, ok);
                });
                assertEquals(List.of(3L), closesUntil(raw, 3, ignored));
                assertEquals(0, greeter.sleeping, "the cancelled call's handler never ran");

                sendFrames(raw, out -> {
                    FrameEncoder.write(out, 5, FrameKind.OPEN, 0, open("SayHello"));
                    FrameEncoder.write(out, 5, FrameKind.MESSAGE, FrameKind.FLAG_END, FaultsTest.sleep(60_000));
                });
                RpcFixture.waitFor(() -> greeter.sleeping == 1, "the handler of call 5 to run");
                sendFrames(raw, out -> FrameEncoder.write(out, 5, FrameKind.CANCEL, 0, null));
                RpcFixture.waitFor(() -> greeter.interrupted == 1, "the handler of call 5 to be interrupted");
                sendFrames(raw, out -> {
                    FrameEncoder.write(out, 7, FrameKind.OPEN, 0, open("SayHello"));
                    FrameEncoder.write(out, 7, FrameKind.MESSAGE, FrameKind.FLAG_END, ok);
                });
                assertEquals(List.of(7L), closesUntil(raw, 7, ignored), "no status for the cancelled call 5");
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aTimeoutTooLargeForTheClockIsCappedNotWrapped() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter());
            List<Frame> replies = new ArrayList<>();
            String[] text = new String[1];
            try (TcpSock raw = TcpSock.create()) {
                raw.connect("127.0.0.1", port);
                sendFrames(raw, out -> {
                    FrameEncoder.write(out, 1, FrameKind.OPEN, 0, open("SayHello").toBuilder().setTimeoutMicros(Long.MAX_VALUE).build());
                    FrameEncoder.write(out, 1, FrameKind.MESSAGE, FrameKind.FLAG_END, HelloRequest.newBuilder().setName("deadline").build());
                });
                ConnectionTest.readFrames(raw, f -> {
                    if (f.kind() == FrameKind.MESSAGE) {
                        try {
                            text[0] = HelloReply.parseFrom(f.payload()).getMessage();
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new AssertionError(e);
                        }
                    }
                    return f.kind() == FrameKind.CLOSE;
                });
            } finally {
                server.close();
            }
            assertTrue(text[0].startsWith("deadline "), text[0]);
            long millis = Long.parseLong(text[0].substring("deadline ".length()));
            assertTrue(millis > Duration.ofDays(365 * 100).toMillis(), text[0]);
        });
    }

    @Test
    void theContextOutsideACallAndAtAPassedDeadline() throws Exception {
        assertNull(RpcContext.current(), "not in a coro");
        assertNull(new RpcContext("a.S/m", Metadata.EMPTY, Long.MAX_VALUE).timeRemaining());
        assertTrue(!new RpcContext("a.S/m", Metadata.EMPTY, Long.MAX_VALUE).hasDeadline());
        RpcFixture.onLoop(() -> {
            assertNull(RpcContext.current(), "a coro that serves no call");
            long now = Coro.current().scheduler().clock().nanoTime();
            RpcContext passed = new RpcContext("a.S/m", Metadata.EMPTY, now - 1_000_000);
            assertTrue(passed.hasDeadline());
            assertEquals(Duration.ZERO, passed.timeRemaining());
            RpcContext later = new RpcContext("a.S/m", Metadata.EMPTY, now + Duration.ofHours(1).toNanos());
            assertTrue(later.timeRemaining().compareTo(Duration.ofMinutes(59)) > 0, later.timeRemaining().toString());
        });
    }

    @Test
    void aHandlerThatIgnoresTheCancelCanNeitherSendNorReceive() throws Exception {
        Method<HelloRequest, HelloReply> stubborn = Method.bidi("t.Stubborn", "Carry", HelloRequest.parser(), HelloReply.parser());
        List<String> events = new ArrayList<>();
        ServiceDefinition def = ServiceDefinition.builder("t.Stubborn").bidi(stubborn, (in, out) -> {
            in.receive();
            events.add("asleep");
            try {
                Coro.sleep(Duration.ofSeconds(60));
            } catch (io.shrapnel.kernel.Interrupted e) {
                events.add("interrupted");
            }
            try {
                out.send(HelloReply.getDefaultInstance());
                events.add("sent");
            } catch (RpcException e) {
                events.add("send: " + e.code());
            }
            try {
                in.receive();
                events.add("received");
            } catch (RpcException e) {
                events.add("receive: " + e.code());
            }
        }).build();
        RpcFixture.run(RpcConfig.DEFAULT, () -> def, (server, channel) -> {
            Call<HelloRequest, HelloReply> call = channel.bidi(stubborn, CallOptions.DEFAULT);
            call.send(HelloRequest.getDefaultInstance());
            RpcFixture.waitFor(() -> events.size() == 1, "the handler to sleep");
            call.cancel();
            RpcFixture.waitFor(() -> events.size() == 4, "the handler to try both ways after the cancel");
            assertEquals(List.of("asleep", "interrupted", "send: CANCELLED", "receive: CANCELLED"), events);
        });
    }
}
