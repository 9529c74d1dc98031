package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The methods of one service and the handler of each, as a server looks them up by name.
 * Generated code builds it ({@code ServiceDefinition.builder(SERVICE_NAME).unary(SAY_HELLO, this::sayHello)...}).
 */
public final class ServiceDefinition {
    /** Serves a unary call. */
    @FunctionalInterface
    public interface UnaryHandler<Q, R> {
        R handle(Q request) throws Exception;
    }

    /** Serves a server-streaming call. */
    @FunctionalInterface
    public interface ServerStreamingHandler<Q, R> {
        void handle(Q request, StreamSender<R> responses) throws Exception;
    }

    /** Serves a client-streaming call. */
    @FunctionalInterface
    public interface ClientStreamingHandler<Q, R> {
        R handle(Requests<Q> requests) throws Exception;
    }

    /** Serves a bidirectional call. */
    @FunctionalInterface
    public interface BidiHandler<Q, R> {
        void handle(Requests<Q> requests, StreamSender<R> responses) throws Exception;
    }

    /** A method and its handler (one of the four handler interfaces, matching the method's kind). */
    record Entry(Method<?, ?> method, Object handler) {}

    private final String name;
    private final Map<String, Entry> methods;

    private ServiceDefinition(String name, Map<String, Entry> methods) {
        this.name = name;
        this.methods = methods;
    }

    public static Builder builder(String serviceName) {
        return new Builder(serviceName);
    }

    /** The service's full name, "package.Service". */
    public String name() {
        return name;
    }

    /** Entries by the method's full name, "package.Service/Method". */
    Map<String, Entry> entries() {
        return methods;
    }

    /** Collects a service's methods; each method once. */
    public static final class Builder {
        private final String name;
        private final Map<String, Entry> methods = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "serviceName");
        }

        public <Q extends MessageLite, R extends MessageLite> Builder unary(Method<Q, R> m, UnaryHandler<Q, R> h) {
            return add(m, MethodKind.UNARY, h);
        }

        public <Q extends MessageLite, R extends MessageLite> Builder serverStreaming(
                Method<Q, R> m, ServerStreamingHandler<Q, R> h) {
            return add(m, MethodKind.SERVER_STREAMING, h);
        }

        public <Q extends MessageLite, R extends MessageLite> Builder clientStreaming(
                Method<Q, R> m, ClientStreamingHandler<Q, R> h) {
            return add(m, MethodKind.CLIENT_STREAMING, h);
        }

        public <Q extends MessageLite, R extends MessageLite> Builder bidi(Method<Q, R> m, BidiHandler<Q, R> h) {
            return add(m, MethodKind.BIDI, h);
        }

        private Builder add(Method<?, ?> m, MethodKind kind, Object handler) {
            Objects.requireNonNull(handler, "handler");
            if (m.kind() != kind) {
                throw new IllegalArgumentException(m.fullName() + " is " + m.kind() + ", not " + kind);
            }
            if (!m.service().equals(name)) {
                throw new IllegalArgumentException(m.fullName() + " does not belong to service " + name);
            }
            if (methods.putIfAbsent(m.fullName(), new Entry(m, handler)) != null) {
                throw new IllegalArgumentException(m.fullName() + " is defined twice");
            }
            return this;
        }

        public ServiceDefinition build() {
            return new ServiceDefinition(name, Collections.unmodifiableMap(new LinkedHashMap<>(methods)));
        }
    }
}
