package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How messages to and from remote actors become bytes: one {@link Serialiser} per message class,
 * found by class when sending and by type name when receiving. Protocol Buffers messages need only
 * {@link #registerProtobuf}; anything else gets a serialiser of its own ({@link #register}). Java
 * serialisation is never used: a message of a class nobody registered fails the send.
 *
 * <p>Threading: any thread; serialisers must be thread-safe.
 */
public final class Serialisers {
    /** Turns messages of one class into bytes and back. */
    public interface Serialiser<T> {
        /** The name the receiving node looks the serialiser up by. */
        String typeName();

        Class<T> type();

        byte[] encode(T message);

        T decode(byte[] bytes) throws java.io.IOException;
    }

    private final Map<Class<?>, Serialiser<?>> byClass = new ConcurrentHashMap<>();
    private final Map<String, Serialiser<?>> byName = new ConcurrentHashMap<>();
    private final Map<String, ByteString> nameBytes = new ConcurrentHashMap<>();

    /** Registers {@code serialiser}; its type name must be new. */
    public <T> Serialisers register(Serialiser<T> serialiser) {
        Objects.requireNonNull(serialiser, "serialiser");
        if (byName.putIfAbsent(serialiser.typeName(), serialiser) != null) {
            throw new IllegalArgumentException("a serialiser for " + serialiser.typeName() + " is registered already");
        }
        byClass.put(serialiser.type(), serialiser);
        return this;
    }

    /** Registers a protobuf message type by its default instance ({@code HelloRequest.getDefaultInstance()}). */
    @SuppressWarnings("unchecked")
    public <T extends MessageLite> Serialisers registerProtobuf(T defaultInstance) {
        Class<T> type = (Class<T>) defaultInstance.getClass();
        String name = defaultInstance instanceof Message m ? m.getDescriptorForType().getFullName() : type.getName();
        return register(new Serialiser<T>() {
            @Override
            public String typeName() {
                return name;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public byte[] encode(T message) {
                return message.toByteArray();
            }

            @Override
            public T decode(byte[] bytes) throws InvalidProtocolBufferException {
                return (T) defaultInstance.getParserForType().parseFrom(bytes);
            }
        });
    }

    @SuppressWarnings("unchecked")
    <T> Serialiser<T> forMessage(T message) {
        Serialiser<T> s = (Serialiser<T>) byClass.get(message.getClass());
        if (s == null) {
            throw new IllegalArgumentException("no serialiser for " + message.getClass().getName()
                    + " (register it with Serialisers.registerProtobuf or Serialisers.register)");
        }
        return s;
    }

    /** {@code s}'s type name in UTF-8, encoded once (every envelope carries it). */
    ByteString typeNameBytes(Serialiser<?> s) {
        return nameBytes.computeIfAbsent(s.typeName(), ByteString::copyFromUtf8);
    }

    Serialiser<?> forName(String typeName) {
        return byName.get(typeName);
    }
}
