package io.shrapnel.benchmarks.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/** Virtual threads on a given executor, without the kernel: the floor the kernel is measured against. */
final class RawVirtualThreads {
    private static final MethodHandle NEW_THREAD;

    static {
        try {
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            NEW_THREAD = MethodHandles.privateLookupIn(builders, MethodHandles.lookup()).findStatic(builders,
                    "newVirtualThread", MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RawVirtualThreads() {}

    static Thread newThread(Executor executor, Runnable task) {
        try {
            return (Thread) NEW_THREAD.invokeExact(executor, (String) null, 0, task);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
