package io.shrapnel.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files, read from this module's jar (uPlot's were unpacked into it at build time from
 * its webjar): no CDN, nothing fetched at run time. Only the names listed here are served.
 *
 * <p>Threading: any thread (a concurrent cache of immutable bytes).
 */
public final class StaticAssets {
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "LICENSE", "text/plain; charset=utf-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The content type of asset {@code name}, or null if there is no such asset. */
    public String type(String name) {
        return TYPES.get(name);
    }

    /** The bytes of asset {@code name}, or null if there is no such asset. */
    public byte[] bytes(String name) {
        if (!TYPES.containsKey(name)) {
            return null;
        }
        return cache.computeIfAbsent(name, StaticAssets::load);
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's jar lacks web/" + name + " (was it built with Maven?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
