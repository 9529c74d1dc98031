package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;

/**
 * What layers above the kernel (mailboxes) attach to coros. Not API: exported
 * only to the library's own modules.
 */
public final class Kernel {
    private static final CoroAccess ACCESS = CoroAccess.get();

    private Kernel() {}

    /**
     * Attaches what a layer above the kernel keeps with {@code coro} (see {@link CoroExtension}),
     * unless one is attached already; returns the one that is attached now (null if the coro has
     * exited). Any thread.
     */
    public static CoroExtension attachExtension(Coro coro, CoroExtension extension) {
        return ACCESS.attachExtension(coro, extension);
    }

    /** The extension attached to {@code coro}, or null. Any thread. */
    public static CoroExtension extension(Coro coro) {
        return ACCESS.extension(coro);
    }
}
