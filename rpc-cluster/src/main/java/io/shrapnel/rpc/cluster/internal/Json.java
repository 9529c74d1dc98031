package io.shrapnel.rpc.cluster.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;

/** JSON of etcd's gateway through protobuf's {@code JsonFormat} (stateless). */
public final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private Json() {}

    /** {@code message} as one line of JSON with etcd's field names. */
    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot print " + message.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code json} into {@code builder}; malformed JSON becomes an IOException that quotes it. */
    public static <B extends Message.Builder> B parse(String json, B builder) throws IOException {
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String shown = json.length() > 200 ? json.substring(0, 200) + "..." : json;
            throw new IOException("etcd sent JSON that is not a " + builder.getDescriptorForType().getName() + ": " + shown
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
