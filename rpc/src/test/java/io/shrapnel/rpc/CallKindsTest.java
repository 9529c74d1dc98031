package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.health.HealthCheckResponse.ServingStatus;
import io.shrapnel.rpc.health.ListServicesRequest;
import io.shrapnel.rpc.test.AllTypes;
import io.shrapnel.rpc.test.Color;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallKindsTest {
    private static HelloRequest hello(String name) {
        return HelloRequest.newBuilder().setName(name).build();
    }

    @Test
    void unaryCallReturnsTheReply() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            assertEquals("hello coro", c.sayHello(hello("coro")).getMessage());
            assertEquals("hello again", c.sayHello(hello("again")).getMessage());
        });
    }

    @Test
    void generatedStubsRoundTripEveryFieldType() throws Exception {
        AllTypes all = AllTypes.newBuilder()
                .setFDouble(1.5).setFFloat(-2.25f).setFInt32(-7).setFInt64(Long.MIN_VALUE)
                .setFUint32(-1).setFUint64(-1L).setFSint32(Integer.MIN_VALUE).setFSint64(Long.MAX_VALUE)
                .setFFixed32(0x89abcdef).setFFixed64(0x0123456789abcdefL).setFSfixed32(-3).setFSfixed64(-4)
                .setFBool(true).setFString("héllo ☃").setFBytes(ByteString.copyFrom(new byte[] {0, -1, 127}))
                .setFEnum(Color.COLOR_GREEN).setFNested(AllTypes.Nested.newBuilder().setName("in"))
                .addFRepeated(1).addFRepeated(-2).putFMap("k", 9L).setFOptional(0).setONumber(42)
                .build();
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            AllTypes back = Greeter.client(channel).echo(all);
            assertEquals(all, back);
            assertTrue(back.hasFOptional());
            assertEquals(AllTypes.ChoiceCase.O_NUMBER, back.getChoiceCase());
            assertEquals(AllTypes.getDefaultInstance(), Greeter.client(channel).echo(AllTypes.getDefaultInstance()));
        });
    }

    @Test
    void serverStreamingDeliversEveryResponseInOrder() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            List<String> got = new ArrayList<>();
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName("n").setCount(100).build())) {
                for (HelloReply r : replies) {
                    got.add(r.getMessage());
                }
                assertNull(replies.receive(), "the end is sticky");
            }
            assertEquals(100, got.size());
            assertEquals("n 0", got.get(0));
            assertEquals("n 99", got.get(99));
        });
    }

    @Test
    void clientStreamingCollectsEveryRequest() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Call<HelloRequest, HelloReply> call = Greeter.client(channel).collect();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                call.send(hello(Integer.toString(i % 10)));
                expected.append(i % 10);
            }
            assertEquals(expected.toString(), call.finish().getMessage());
        });
    }

    @Test
    void bidiAnswersEachMessage() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            try (Call<HelloRequest, HelloReply> call = Greeter.client(channel).chat()) {
                for (int i = 0; i < 5; i++) {
                    call.send(hello("m" + i));
                    assertEquals("re: m" + i, call.receive().getMessage());
                }
                call.halfClose();
                assertNull(call.receive());
            }
        });
    }

    @Test
    void handlerExceptionsBecomeStatuses() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            RpcException unknown = assertThrows(RpcException.class, () -> c.sayHello(hello("fail")));
            assertEquals(StatusCode.UNKNOWN, unknown.code());
            assertTrue(unknown.description().contains("boom"), unknown.description());
            RpcException notFound = assertThrows(RpcException.class, () -> c.sayHello(hello("status")));
            assertEquals(StatusCode.NOT_FOUND, notFound.code());
            assertEquals("no such greeting", notFound.description());
            assertEquals("try another", notFound.trailers().text("hint"));
            RpcException internal = assertThrows(RpcException.class, () -> c.sayHello(hello("null")));
            assertEquals(StatusCode.INTERNAL, internal.code());
            assertEquals("hello ok", c.sayHello(hello("ok")).getMessage(), "the connection carries on");
        });
    }

    @Test
    void unknownMethodIsUnimplemented() throws Exception {
        Method<HelloRequest, HelloReply> missing = Method.unary("shrapnel.test.Greeter", "Missing",
                HelloRequest.parser(), HelloReply.parser());
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            RpcException e = assertThrows(RpcException.class,
                    () -> channel.unary(missing, hello("x"), CallOptions.DEFAULT));
            assertEquals(StatusCode.UNIMPLEMENTED, e.code());
            assertTrue(e.getMessage().contains("shrapnel.test.Greeter/Missing"), e.getMessage());
        });
    }

    @Test
    void metadataReachesTheHandler() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel, CallOptions.DEFAULT
                    .withMetadata(Metadata.EMPTY.with("who", "tester").withBinary("blob", new byte[] {1, 2})));
            assertEquals("who=tester", c.sayHello(hello("meta")).getMessage());
        });
    }

    @Test
    void metadataOverTheLimitIsResourceExhausted() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT.withMaxMetadataSize(64), new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel, CallOptions.DEFAULT
                    .withMetadata(Metadata.EMPTY.with("who", "x".repeat(100))));
            assertEquals(StatusCode.RESOURCE_EXHAUSTED,
                    assertThrows(RpcException.class, () -> c.sayHello(hello("meta"))).code());
        });
    }

    @Test
    void healthAndServiceList() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Health.Client h = Health.client(channel);
            assertEquals(ServingStatus.SERVING, h.check(HealthCheckRequest.getDefaultInstance()).getStatus());
            assertEquals(ServingStatus.SERVING,
                    h.check(HealthCheckRequest.newBuilder().setService(Greeter.SERVICE_NAME).build()).getStatus());
            assertEquals(ServingStatus.SERVICE_UNKNOWN,
                    h.check(HealthCheckRequest.newBuilder().setService("no.Such").build()).getStatus());
            assertEquals(List.of("shrapnel.rpc.Health", "shrapnel.test.Greeter"),
                    h.listServices(ListServicesRequest.getDefaultInstance()).getServicesList());
            assertEquals(server.services(), h.listServices(ListServicesRequest.getDefaultInstance()).getServicesList());
        });
    }
}
