package io.shrapnel.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM flags the library needs, for harnesses that start a JVM of their own: read from the
 * benchmarks build (shrapnel-jvm.args, filtered from the root pom's shrapnel.jvm.args), the one place
 * they are written.
 */
public final class JvmFlags {
    private JvmFlags() {}

    public static List<String> shrapnel() {
        try (InputStream in = JvmFlags.class.getResourceAsStream("/shrapnel-jvm.args")) {
            if (in == null) {
                throw new IllegalStateException("shrapnel-jvm.args is missing from the class path: build the benchmarks module");
            }
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
