package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import io.shrapnel.rpc.internal.wire.MetadataEntry;
import io.shrapnel.rpc.internal.wire.Trailer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the API's metadata and status and their wire messages. */
final class Wire {
    private Wire() {}

    static void addMetadata(Metadata metadata, java.util.function.Consumer<MetadataEntry> add) {
        for (Map.Entry<String, Object> e : metadata.entries().entrySet()) {
            MetadataEntry.Builder b = MetadataEntry.newBuilder().setKey(e.getKey());
            if (e.getValue() instanceof byte[] bytes) {
                b.setBinary(ByteString.copyFrom(bytes));
            } else {
                b.setText((String) e.getValue());
            }
            add.accept(b.build());
        }
    }

    /** Metadata from the wire, checking its size against {@code limit}. */
    static Metadata metadata(List<MetadataEntry> entries, int limit) throws RpcException {
        if (entries.isEmpty()) {
            return Metadata.EMPTY;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (MetadataEntry e : entries) {
            map.put(e.getKey(), e.hasBinary() ? e.getBinary().toByteArray() : e.getText());
        }
        Metadata m = Metadata.of(map);
        checkSize(m, limit);
        return m;
    }

    static void checkSize(Metadata m, int limit) throws RpcException {
        int size = m.size();
        if (size > limit) {
            throw new RpcException(StatusCode.RESOURCE_EXHAUSTED,
                    "metadata of " + size + " bytes is over the limit of " + limit);
        }
    }

    static Trailer trailer(StatusCode code, String message, Metadata trailers) {
        Trailer.Builder b = Trailer.newBuilder().setCode(code.number()).setMessage(message);
        addMetadata(trailers, b::addMetadata);
        return b.build();
    }
}
