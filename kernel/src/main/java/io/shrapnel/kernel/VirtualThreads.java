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
    private static final MethodHandle RUN_CONTINUATION_METHOD;
    private static final RuntimeException FAILURE;

    static {
        MethodHandle newThread = null;
        VarHandle scheduler = null;
        VarHandle runContinuation = null;
        MethodHandle runContinuationMethod = null;
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
            runContinuationMethod = inVthread.findVirtual(vthread, "runContinuation", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Thread.class));
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
        RUN_CONTINUATION_METHOD = runContinuationMethod;
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
     * True if {@code task} is the one that runs {@code thread}'s continuation (until its next park):
     * what the JDK submits to the thread's executor, the same object every time. Virtual threads only.
     */
    static boolean isContinuationOf(Runnable task, Thread thread) {
        // Compared as an Object: a cast to Runnable would cost an interface check per call.
        return task == (Object) RUN_CONTINUATION.get(thread);
    }

    /**
     * Runs a virtual thread's continuation until its next park, on the calling (loop) thread: what
     * its submitted task does, called directly (no load of the task, no interface check on it).
     */
    static void runContinuation(Thread thread) {
        try {
            RUN_CONTINUATION_METHOD.invokeExact(thread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The executor a virtual thread was made with (ours or the JDK's), or null for a platform thread.
     * An Object: callers test it with {@code instanceof Coro}, and a cast to Executor here would cost
     * an interface check on every {@link Coro#current()}.
     */
    static Object executorOf(Thread thread) {
        return thread.isVirtual() ? (Object) SCHEDULER.get(thread) : null;
    }
}
