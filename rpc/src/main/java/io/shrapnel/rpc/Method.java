package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Objects;

/**
 * One RPC of a service: its names, its kind, and how to parse its request and response messages.
 * Generated classes hold one constant per RPC ({@code Greeter.SAY_HELLO}); writing one by hand works
 * as well.
 *
 * @param service the service's full name, "package.Service"
 * @param name the RPC's name as in the .proto file
 * @param fullName "package.Service/Method", the name on the wire
 */
public record Method<Req extends MessageLite, Resp extends MessageLite>(
        String service, String name, String fullName, MethodKind kind,
        Parser<Req> requestParser, Parser<Resp> responseParser) {

    public Method {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestParser, "requestParser");
        Objects.requireNonNull(responseParser, "responseParser");
        if (!fullName.equals(service + "/" + name)) {
            throw new IllegalArgumentException("fullName must be " + service + "/" + name + ", not " + fullName);
        }
    }

    private static <Q extends MessageLite, R extends MessageLite> Method<Q, R> of(
            MethodKind kind, String service, String name, Parser<Q> request, Parser<R> response) {
        return new Method<>(service, name, service + "/" + name, kind, request, response);
    }

    public static <Q extends MessageLite, R extends MessageLite> Method<Q, R> unary(
            String service, String name, Parser<Q> request, Parser<R> response) {
        return of(MethodKind.UNARY, service, name, request, response);
    }

    public static <Q extends MessageLite, R extends MessageLite> Method<Q, R> serverStreaming(
            String service, String name, Parser<Q> request, Parser<R> response) {
        return of(MethodKind.SERVER_STREAMING, service, name, request, response);
    }

    public static <Q extends MessageLite, R extends MessageLite> Method<Q, R> clientStreaming(
            String service, String name, Parser<Q> request, Parser<R> response) {
        return of(MethodKind.CLIENT_STREAMING, service, name, request, response);
    }

    public static <Q extends MessageLite, R extends MessageLite> Method<Q, R> bidi(
            String service, String name, Parser<Q> request, Parser<R> response) {
        return of(MethodKind.BIDI, service, name, request, response);
    }

    @Override
    public String toString() {
        return fullName + " (" + kind + ")";
    }
}
