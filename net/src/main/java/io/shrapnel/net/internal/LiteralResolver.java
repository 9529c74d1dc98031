package io.shrapnel.net.internal;

import io.shrapnel.net.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The resolver in place until a DNS one is installed: parses IP literals without any lookup
 * ({@link InetAddress#ofLiteral}) and knows that {@code localhost} is the loopback (RFC 6761).
 * Also holds the installed resolver.
 *
 * <p>Threading: stateless; the installed resolver is a volatile field.
 */
public final class LiteralResolver implements Resolver {
    public static final LiteralResolver INSTANCE = new LiteralResolver();
    private static final List<InetAddress> LOCALHOST = List.of(
            InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1"));

    private static volatile Resolver installed = INSTANCE;

    private LiteralResolver() {}

    public static Resolver installed() {
        return installed;
    }

    public static synchronized Resolver install(Resolver r) {
        Resolver old = installed;
        installed = r;
        return old;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.equalsIgnoreCase("localhost.")) {
            return LOCALHOST;
        }
        try {
            return List.of(InetAddress.ofLiteral(h));
        } catch (IllegalArgumentException notALiteral) {
            throw new UnknownHostException("cannot resolve '" + host + "': no DNS resolver is installed, "
                    + "so only IP literals (127.0.0.1, ::1) and localhost work; install one with "
                    + "Resolver.setDefault(...) or connect to an InetAddress");
        }
    }

    @Override
    public String toString() {
        return "Resolver.literalOnly()";
    }
}
