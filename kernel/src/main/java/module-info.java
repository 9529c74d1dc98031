/**
 * The kernel: coros (virtual threads on our own event loops), the loop ({@code Scheduler}), timers,
 * the poller, the synchronisation primitives, signals, child processes and file watches.
 *
 * <p>On the module path the kernel needs {@code --add-opens java.base/java.lang=io.shrapnel.kernel}
 * (on the class path: {@code =ALL-UNNAMED}); the first loop fails with a message naming the flag.
 */
module io.shrapnel.kernel {
    requires transitive java.management;
    requires jdk.unsupported;
    requires org.jctools.core;
    requires static org.junit.jupiter.api;

    exports io.shrapnel.kernel;
    exports io.shrapnel.kernel.testing;
    // The machinery the library's own modules build on (waits, coro extensions).
    exports io.shrapnel.kernel.internal to io.shrapnel.mailbox, io.shrapnel.net, io.shrapnel.codecs.http,
            io.shrapnel.monitoring, io.shrapnel.rpc;
}
