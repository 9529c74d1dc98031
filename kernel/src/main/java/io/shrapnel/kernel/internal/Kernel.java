package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;

/**
 * What layers above the kernel (mailboxes, the profiler) attach to coros and loops. Not API: exported
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

    /**
     * Installs {@code listener} on {@code loop} (null removes it), to be told around every run of a
     * coro; returns the previous one. Any thread; takes effect at the loop's next pass. One listener
     * per loop: a profiler that finds another one installed should refuse to start.
     */
    public static ResumeListener setResumeListener(Scheduler loop, ResumeListener listener) {
        return ACCESS.setResumeListener(loop, listener);
    }

    /** The listener installed on {@code loop}, or null. Any thread. */
    public static ResumeListener resumeListener(Scheduler loop) {
        return ACCESS.resumeListener(loop);
    }
}
