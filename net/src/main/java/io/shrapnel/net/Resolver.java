package io.shrapnel.net;

import io.shrapnel.net.internal.LiteralResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Turns a host name into addresses for {@link TcpSock#connect(String, int)}. Called in a coro: an
 * implementation may park it (a DNS stub resolver does), and must never block the loop thread, so
 * {@code InetAddress.getByName} is not an option here.
 *
 * <p>Until a DNS resolver is installed with {@link #setDefault}, the default
 * ({@link #literalOnly()}) knows IP literals and {@code localhost}, and fails with a message saying
 * so for any other name.
 *
 * <p>Threading: implementations are called from coros of any loop; {@link #setDefault} from any thread.
 */
@FunctionalInterface
public interface Resolver {
    /** The addresses of {@code host}, in the order to try them; never empty. */
    List<InetAddress> resolve(String host) throws IOException;

    /** IPv4 and IPv6 literals ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}) and {@code localhost}. */
    static Resolver literalOnly() {
        return LiteralResolver.INSTANCE;
    }

    /** The resolver used by {@code connect(host, port)}. */
    static Resolver current() {
        return LiteralResolver.installed();
    }

    /** Replaces the resolver used by {@code connect(host, port)}; returns the previous one. */
    static Resolver setDefault(Resolver resolver) {
        return LiteralResolver.install(Objects.requireNonNull(resolver, "resolver"));
    }
}
