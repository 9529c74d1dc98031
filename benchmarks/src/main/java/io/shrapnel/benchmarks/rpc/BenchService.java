package io.shrapnel.benchmarks.rpc;

import com.google.protobuf.BytesValue;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.shrapnel.rpc.Method;
import io.shrapnel.rpc.ServiceDefinition;

/** The benchmark's echo service, once for each stack: unary and bidirectional echo of a BytesValue. */
final class BenchService {
    static final String NAME = "bench.Echo";

    static final Method<BytesValue, BytesValue> UNARY =
            Method.unary(NAME, "Unary", BytesValue.parser(), BytesValue.parser());
    static final Method<BytesValue, BytesValue> BIDI =
            Method.bidi(NAME, "Bidi", BytesValue.parser(), BytesValue.parser());

    static final MethodDescriptor<BytesValue, BytesValue> GRPC_UNARY = grpc(MethodDescriptor.MethodType.UNARY, "Unary");
    static final MethodDescriptor<BytesValue, BytesValue> GRPC_BIDI = grpc(MethodDescriptor.MethodType.BIDI_STREAMING, "Bidi");

    private BenchService() {}

    private static MethodDescriptor<BytesValue, BytesValue> grpc(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<BytesValue, BytesValue>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(NAME, name))
                .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
                .build();
    }

    /** Our service: echo. */
    static ServiceDefinition ours() {
        return ServiceDefinition.builder(NAME)
                .unary(UNARY, req -> req)
                .bidi(BIDI, (requests, responses) -> {
                    for (BytesValue m; (m = requests.receive()) != null; ) {
                        responses.send(m);
                    }
                })
                .build();
    }
}
