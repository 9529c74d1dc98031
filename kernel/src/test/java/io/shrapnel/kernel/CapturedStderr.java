package io.shrapnel.kernel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What the kernel writes to stderr during each test ({@code @RegisterExtension}); restored after it. */
final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream old;

    @Override
    public void beforeEach(ExtensionContext context) {
        err.reset();
        old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(old);
    }

    String text() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
