package io.shrapnel.codecs.http;

import java.net.URI;
import java.util.Locale;

/** Where a connection goes: scheme, host and port (a pool keeps the connections of each apart). */
record Origin(String scheme, String host, int port) {
    static Origin of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = scheme.equals("https") ? 443 : 80;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    boolean isTls() {
        return scheme.equals("https");
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = port == (isTls() ? 443 : 80);
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority();
    }
}
