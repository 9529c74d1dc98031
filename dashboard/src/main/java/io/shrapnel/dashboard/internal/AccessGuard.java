package io.shrapnel.dashboard.internal;

import io.shrapnel.codecs.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see the dashboard: a client that shows the token (in the URL the dashboard printed, or in
 * the cookie the first page set), names the dashboard by one of its own host names (a page of
 * another site that resolves its name to 127.0.0.1, DNS rebinding, is refused), and, for the
 * WebSocket and for commands, comes from a page of the dashboard itself (its {@code Origin}).
 *
 * <p>Loopback alone would keep out no one: every local user can connect to 127.0.0.1. The token is
 * compared in constant time.
 *
 * <p>Threading: immutable; any thread.
 */
public final class AccessGuard {
    private final byte[] token;
    private final String cookieName;
    /** {@code host:port} values accepted in Host and Origin, lower case. */
    private final Set<String> hosts;

    /** @param hosts the {@code host:port} names of the dashboard, e.g. {@code 127.0.0.1:28001} */
    public AccessGuard(String token, int port, Set<String> hosts) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("a dashboard token has at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.cookieName = "shrapnel-dashboard-" + port; // cookies ignore ports: one name per dashboard
        this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    /** A new random token: 32 bytes, base64url (43 characters). */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public String cookieName() {
        return cookieName;
    }

    /** The Set-Cookie value that lets the browser in after the first page. */
    public String cookie() {
        return cookieName + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** True if {@code candidate} is the token (constant time). */
    public boolean isToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** True if the request carries the token in its query ({@code ?token=}). */
    public boolean tokenInQuery(Request req) {
        return isToken(req.queryParam("token"));
    }

    /** True if the request carries the token in its query or in the dashboard's cookie. */
    public boolean hasToken(Request req) {
        return tokenInQuery(req) || isToken(cookie(req.headers().all("Cookie"), cookieName));
    }

    /** True if the Host header names this dashboard. */
    public boolean hostAllowed(Request req) {
        String host = req.header("Host");
        return host != null && hosts.contains(host.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * True if the Origin header is a page of this dashboard. A missing Origin passes only when
     * {@code required} is false (curl and other non-browser clients send none; browsers always send
     * one with a WebSocket handshake and a POST).
     */
    public boolean originAllowed(Request req, boolean required) {
        String origin = req.header("Origin");
        if (origin == null) {
            return !required;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"http://", "https://"}) {
            if (o.startsWith(scheme) && hosts.contains(o.substring(scheme.length()))) {
                return true;
            }
        }
        return false;
    }

    /** The value of cookie {@code name} in the Cookie headers, or null. */
    static String cookie(java.util.List<String> headers, String name) {
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }
}
