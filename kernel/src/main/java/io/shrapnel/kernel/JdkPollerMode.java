package io.shrapnel.kernel;

/**
 * Keeps the JDK's own I/O poller off our loops.
 *
 * <p>In its default mode the JDK's socket poller runs as virtual threads created by the first
 * thread that blocks on a JDK socket; if that happens inside a coro, the poller threads land on
 * our loop for good and every JDK blocking socket wakeup then needs our loop to run them.
 * {@code -Djdk.pollerMode=1} makes them platform threads. The launch flags set it; when they do not
 * (a user's own {@code java} command), this sets it before any of our loops exist, which works as long
 * as no JDK blocking socket was used earlier in the JVM.
 */
final class JdkPollerMode {
    private JdkPollerMode() {}

    static void ensureSystemThreads() {
        if (System.getProperty("jdk.pollerMode") == null) {
            System.setProperty("jdk.pollerMode", "1");
        }
    }
}
