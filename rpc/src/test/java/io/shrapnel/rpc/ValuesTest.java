package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The value classes of the API: statuses, metadata, methods, options, configs, serialisers. */
class ValuesTest {
    @Test
    void statusCodesHaveGrpcNumbers() {
        assertEquals(0, StatusCode.OK.number());
        assertEquals(4, StatusCode.DEADLINE_EXCEEDED.number());
        assertEquals(8, StatusCode.RESOURCE_EXHAUSTED.number());
        assertEquals(12, StatusCode.UNIMPLEMENTED.number());
        assertEquals(14, StatusCode.UNAVAILABLE.number());
        assertEquals(16, StatusCode.UNAUTHENTICATED.number());
        assertSame(StatusCode.UNAUTHENTICATED, StatusCode.of(16));
        assertSame(StatusCode.OK, StatusCode.of(0));
        assertSame(StatusCode.UNKNOWN, StatusCode.of(17));
        assertSame(StatusCode.UNKNOWN, StatusCode.of(-1));
    }

    @Test
    void rpcExceptionCarriesItsStatus() {
        RpcException e = new RpcException(StatusCode.NOT_FOUND, "gone");
        assertEquals("NOT_FOUND: gone", e.getMessage());
        assertEquals("gone", e.description());
        assertSame(Metadata.EMPTY, e.trailers());
        assertEquals("CANCELLED", new RpcException(StatusCode.CANCELLED, "").getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RpcException(StatusCode.OK, "fine"));
        Throwable cause = new IllegalStateException();
        assertSame(cause, new RpcException(StatusCode.INTERNAL, "x", cause).getCause());
        UncheckedRpcException u = new UncheckedRpcException(e);
        assertSame(e, u.getCause());
    }

    @Test
    void metadataIsImmutableAndMeasured() {
        Metadata m = Metadata.EMPTY.with("who", "ü").withBinary("bin", new byte[] {1, 2, 3});
        assertTrue(Metadata.EMPTY.isEmpty());
        assertFalse(m.isEmpty());
        assertEquals("ü", m.text("who"));
        assertNull(m.text("bin"));
        assertArrayEquals(new byte[] {1, 2, 3}, m.binary("bin"));
        assertNull(m.binary("who"));
        assertNull(m.text("none"));
        assertEquals(Set.of("who", "bin"), m.keys());
        assertEquals(3 + 2 + 3 + 3, m.size(), "keys plus UTF-8 values");
        byte[] b = m.binary("bin");
        b[0] = 9;
        assertEquals(1, m.binary("bin")[0], "copies out");
        assertEquals(m, Metadata.EMPTY.with("who", "ü").withBinary("bin", new byte[] {1, 2, 3}));
        assertEquals(m.hashCode(), Metadata.EMPTY.with("who", "x").withBinary("bin", new byte[0]).hashCode());
        assertNotEquals(m, Metadata.EMPTY.with("who", "ü").withBinary("bin", new byte[] {1, 2, 4}));
        assertNotEquals(m, Metadata.EMPTY.with("who", "ü"));
        assertNotEquals(Metadata.EMPTY.with("a", "1"), Metadata.EMPTY.with("a", "2"));
        assertNotEquals(Metadata.EMPTY.with("a", "1"), Metadata.EMPTY.withBinary("a", new byte[] {'1'}));
        assertNotEquals(m, "not metadata");
        assertEquals("Metadata{who=ü, bin=3 bytes}", m.toString());
        assertEquals("Metadata{}", Metadata.EMPTY.toString());
        assertTrue(Metadata.EMPTY.with("a", "1").with("a", "2").text("a").equals("2"));
        for (String bad : new String[] {"", "Upper", "sp ace", "a/b"}) {
            assertThrows(IllegalArgumentException.class, () -> Metadata.EMPTY.with(bad, "v"), bad);
        }
        Metadata.EMPTY.with("a-b_c.9z", "ok");
        assertEquals("ok", Metadata.EMPTY.with("0", "ok").text("0"), "the first digit is a key");
        for (String justOutside : new String[] {"`", "{", "/", ":"}) {
            assertThrows(IllegalArgumentException.class, () -> Metadata.EMPTY.with(justOutside, "v"), justOutside);
        }
        assertEquals(Set.of("who", "bin").hashCode(), m.hashCode(), "the hash of its keys");
    }

    @Test
    void wireMetadataIsCheckedAgainstTheLimit() throws Exception {
        Metadata m = Metadata.EMPTY.with("k", "vv").withBinary("b", new byte[] {7});
        var header = io.shrapnel.rpc.internal.wire.CallHeader.newBuilder();
        Wire.addMetadata(m, header::addMetadata);
        assertEquals(m, Wire.metadata(header.getMetadataList(), 5));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED,
                assertThrows(RpcException.class, () -> Wire.metadata(header.getMetadataList(), 4)).code());
        assertSame(Metadata.EMPTY, Wire.metadata(java.util.List.of(), 0));
        var t = Wire.trailer(StatusCode.ABORTED, "why", m);
        assertEquals(10, t.getCode());
        assertEquals("why", t.getMessage());
        assertEquals(2, t.getMetadataCount());
    }

    @Test
    void methodsKnowTheirKindAndNames() {
        Method<HelloRequest, HelloReply> m = Method.clientStreaming("a.S", "M", HelloRequest.parser(), HelloReply.parser());
        assertEquals("a.S/M", m.fullName());
        assertEquals(MethodKind.CLIENT_STREAMING, m.kind());
        assertEquals("a.S/M (CLIENT_STREAMING)", m.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new Method<>("a.S", "M", "a.S/X", MethodKind.UNARY, HelloRequest.parser(), HelloReply.parser()));
        assertTrue(MethodKind.BIDI.clientStreams() && MethodKind.BIDI.serverStreams());
        assertTrue(MethodKind.CLIENT_STREAMING.clientStreams() && !MethodKind.CLIENT_STREAMING.serverStreams());
        assertTrue(!MethodKind.SERVER_STREAMING.clientStreams() && MethodKind.SERVER_STREAMING.serverStreams());
        assertTrue(!MethodKind.UNARY.clientStreams() && !MethodKind.UNARY.serverStreams());
        assertEquals(MethodKind.SERVER_STREAMING,
                Method.serverStreaming("a.S", "S", HelloRequest.parser(), HelloReply.parser()).kind());
        assertEquals(MethodKind.BIDI, Method.bidi("a.S", "B", HelloRequest.parser(), HelloReply.parser()).kind());
    }

    @Test
    void serviceDefinitionsTakeEveryKindInOrder() {
        ServiceDefinition d = ServiceDefinition.builder("a.S")
                .serverStreaming(Method.serverStreaming("a.S", "S", HelloRequest.parser(), HelloReply.parser()), (r, out) -> { })
                .clientStreaming(Method.clientStreaming("a.S", "C", HelloRequest.parser(), HelloReply.parser()), in -> null)
                .bidi(Method.bidi("a.S", "B", HelloRequest.parser(), HelloReply.parser()), (in, out) -> { })
                .build();
        assertEquals(java.util.List.of("a.S/S", "a.S/C", "a.S/B"), java.util.List.copyOf(d.entries().keySet()));
        assertEquals(MethodKind.CLIENT_STREAMING, d.entries().get("a.S/C").method().kind());
    }

    @Test
    void serviceDefinitionsRefuseMistakes() {
        Method<HelloRequest, HelloReply> u = Method.unary("a.S", "U", HelloRequest.parser(), HelloReply.parser());
        Method<HelloRequest, HelloReply> other = Method.unary("b.T", "U", HelloRequest.parser(), HelloReply.parser());
        ServiceDefinition.Builder b = ServiceDefinition.builder("a.S").unary(u, r -> null);
        assertThrows(IllegalArgumentException.class, () -> b.unary(u, r -> null), "twice");
        assertThrows(IllegalArgumentException.class, () -> b.unary(other, r -> null), "another service");
        assertThrows(NullPointerException.class, () -> b.bidi(
                Method.bidi("a.S", "B", HelloRequest.parser(), HelloReply.parser()), null));
        Method<HelloRequest, HelloReply> wrongKind = new Method<>("a.S", "W", "a.S/W", MethodKind.BIDI,
                HelloRequest.parser(), HelloReply.parser());
        assertThrows(IllegalArgumentException.class, () -> b.unary(wrongKind, r -> null));
        ServiceDefinition d = b.build();
        assertEquals("a.S", d.name());
        assertEquals(Set.of("a.S/U"), d.entries().keySet());
    }

    @Test
    void callOptionsAndConfigs() {
        CallOptions o = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(-3));
        assertEquals(Duration.ZERO, o.timeout());
        assertTrue(o.propagateDeadline());
        assertFalse(o.withoutDeadlinePropagation().propagateDeadline());
        assertEquals(Duration.ofSeconds(-3).isNegative(), true);
        assertEquals("v", o.withMetadata(Metadata.EMPTY.with("k", "v")).metadata().text("k"));
        assertNull(CallOptions.DEFAULT.timeout());
        RpcConfig c = RpcConfig.DEFAULT;
        assertEquals(4 << 20, c.maxMessageSize());
        assertEquals(8 << 10, c.maxMetadataSize());
        assertEquals(16_384, c.maxConcurrentCalls());
        assertEquals(7, c.withMaxMessageSize(7).maxMessageSize());
        assertEquals(7, c.withMaxMetadataSize(7).maxMetadataSize());
        assertEquals(7, c.withMaxConcurrentCalls(7).maxConcurrentCalls());
        assertEquals(Duration.ofSeconds(2), c.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(2)).keepaliveTimeout());
        assertThrows(IllegalArgumentException.class, () -> c.withMaxMessageSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxMetadataSize(0));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxConcurrentCalls(0));
        assertThrows(IllegalArgumentException.class, () -> c.withKeepalive(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> c.withKeepalive(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> c.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        c.withMaxMessageSize(1).withMaxMetadataSize(1).withMaxConcurrentCalls(1);
    }

    @Test
    void serialisersRoundTripAndRefuseUnknownTypes() throws Exception {
        Serialisers s = new Serialisers().registerProtobuf(HelloRequest.getDefaultInstance());
        HelloRequest r = HelloRequest.newBuilder().setName("x").build();
        Serialisers.Serialiser<HelloRequest> ser = s.forMessage(r);
        assertEquals("shrapnel.test.HelloRequest", ser.typeName());
        assertEquals("shrapnel.test.HelloRequest", s.typeNameBytes(ser).toStringUtf8());
        assertSame(s.typeNameBytes(ser), s.typeNameBytes(ser), "encoded once");
        assertSame(HelloRequest.class, ser.type());
        assertEquals(r, s.forName("shrapnel.test.HelloRequest").decode(ser.encode(r)));
        assertNull(s.forName("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.forMessage("text"));
        assertTrue(e.getMessage().contains("java.lang.String"));
        assertThrows(IllegalArgumentException.class, () -> s.registerProtobuf(HelloRequest.getDefaultInstance()));
        assertThrows(com.google.protobuf.InvalidProtocolBufferException.class,
                () -> s.forName("shrapnel.test.HelloRequest").decode(new byte[] {(byte) 0xff}));
        s.registerProtobuf(StringValue.getDefaultInstance());
        assertEquals("google.protobuf.StringValue", s.forMessage(StringValue.of("a")).typeName());
        assertEquals("node lost: n (gone)", new NodeLost("n", "gone").getMessage());
        assertEquals("why", new RemoteExit("why").getMessage());
    }
}
