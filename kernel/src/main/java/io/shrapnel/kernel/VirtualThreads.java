package io.shrapnel.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * The one place that reaches into the JDK: virtual threads whose scheduler is one of our loops.
 *
 * <p>{@code java.lang.ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)} is
 * package-private; every continuation of a thread made with it is submitted to the given executor,
 * which for a coro is its loop. The field {@code VirtualThread.scheduler} gives that executor back,
 * which is how {@link Coro#current()} finds the coro of the running thread without a
 * {@code ThreadLocal} (that would cost a map per coro). Both need
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it the first scheduler fails with a
 * message that names the flag.
 *
 * <p>Threading: immutable after class initialisation; any thread.
 */
final class VirtualThreads {
    /** The flag this JVM needs: the kernel's module name on the module path, ALL-UNNAMED on the class path. */
    static final String ADD_OPENS = "--add-opens java.base/java.lang="
            + (VirtualThreads.class.getModule().isNamed() ? VirtualThreads.class.getModule().getName() : "ALL-UNNAMED");

    private static final MethodHandle NEW_THREAD;
    private static final VarHandle SCHEDULER;
    private static final VarHandle RUN_CONTINUATION;
    private static final RuntimeException FAILURE;

    static {
        MethodHandle newThread = null;
        VarHandle scheduler = null;
        VarHandle runContinuation = null;
        RuntimeException failure = null;
        try {
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            Class<?> vthread = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builders, MethodHandles.lookup());
            newThread = lookup.findStatic(builders, "newVirtualThread", MethodType.methodType(
                    Thread.class, Executor.class, String.class, int.class, Runnable.class));
            MethodHandles.Lookup inVthread = MethodHandles.privateLookupIn(vthread, MethodHandles.lookup());
            scheduler = inVthread.findVarHandle(vthread, "scheduler", Executor.class);
            runContinuation = inVthread.findVarHandle(vthread, "runContinuation", Runnable.class);
        } catch (IllegalAccessException | IllegalAccessError e) {
            failure = new IllegalStateException("Shrapnel coros are virtual threads on Shrapnel's own event loop, "
                    + "which needs the JVM flag " + ADD_OPENS + " (add it to the java command line, to "
                    + "surefire's argLine, or use a jar whose manifest has 'Add-Opens: java.base/java.lang')", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = new IllegalStateException("this JDK (" + Runtime.version() + ") has no "
                    + "java.lang.ThreadBuilders.newVirtualThread(Executor, ...) or VirtualThread.scheduler; "
                    + "Shrapnel needs JDK 25", e);
        }
        NEW_THREAD = newThread;
        SCHEDULER = scheduler;
        RUN_CONTINUATION = runContinuation;
        FAILURE = failure;
        JdkPollerMode.ensureSystemThreads();
    }

    private VirtualThreads() {}

    /** Fails with the message that names the missing flag, if the JDK cannot be reached. */
    static void check() {
        if (FAILURE != null) {
            throw FAILURE;
        }
    }

    /** An unstarted virtual thread whose continuations are all submitted to {@code executor}. */
    static Thread newThread(Executor executor, String name, Runnable task) {
        check();
        try {
            return (Thread) NEW_THREAD.invokeExact(executor, name, 0, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The task that runs a virtual thread's continuation (until its next park): what the JDK submits
     * to the thread's executor, the same object every time. Virtual threads only.
     */
    static Runnable continuationOf(Thread thread) {
        return (Runnable) RUN_CONTINUATION.get(thread);
    }

    /** The executor a virtual thread was made with (ours or the JDK's), or null for a platform thread. */
    static Executor executorOf(Thread thread) {
        return thread.isVirtual() ? (Executor) SCHEDULER.get(thread) : null;
    }
}
