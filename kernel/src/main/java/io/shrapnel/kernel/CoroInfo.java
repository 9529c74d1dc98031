package io.shrapnel.kernel;

import java.util.Arrays;

/**
 * What {@link Coro#whereAll()} reports of one coro.
 *
 * @param id the coro's id
 * @param name its name, or null
 * @param loop the name of its loop
 * @param state its scheduling state ({@code RUNNING} also covers a coro parked in a JDK call)
 * @param blockedOn what it waits for (a sleep, a channel, a mutex...), or null
 * @param where the innermost frame of the coro's own code (outside the kernel and the JDK), or null
 * @param stack its whole stack
 */
public record CoroInfo(long id, String name, String loop, Coro.State state, String blockedOn, String where,
                       StackTraceElement[] stack) {

    static CoroInfo of(Coro c, boolean runningNow) {
        Object b = c.blocker;
        StackTraceElement[] stack = c.thread.getStackTrace();
        String state = null;
        Coro.State s = c.state;
        if (s == Coro.State.RUNNING && !runningNow && b == null) {
            Thread.State ts = c.thread.getState();
            if (ts == Thread.State.WAITING || ts == Thread.State.TIMED_WAITING || ts == Thread.State.BLOCKED) {
                state = "JDK " + ts + " " + Arrays.stream(stack).filter(f -> !f.getClassName().startsWith("java.lang.VirtualThread"))
                        .findFirst().map(StackTraceElement::toString).orElse("");
            }
        }
        return new CoroInfo(c.id(), c.name(), c.scheduler.name(), s, b != null ? b.toString() : state,
                where(stack), stack);
    }

    static String where(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || isKernel(cls)) {
                continue;
            }
            return f.toString();
        }
        return null;
    }

    /** Whether a class name is the kernel's, by name (package-private: tests start from an empty cache). */
    static final java.util.concurrent.ConcurrentHashMap<String, Boolean> KERNEL_CLASSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A class of the kernel library itself (not, say, a test or an application class that happens
     * to sit in the kernel's package): same package and same code source as {@link Coro}.
     */
    private static boolean isKernel(String className) {
        if (!className.startsWith("io.shrapnel.kernel.")) {
            return false;
        }
        return KERNEL_CLASSES.computeIfAbsent(className, n -> {
            try {
                Class<?> c = Class.forName(n, false, Coro.class.getClassLoader());
                return java.util.Objects.equals(c.getProtectionDomain().getCodeSource(),
                        Coro.class.getProtectionDomain().getCodeSource());
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                return true;
            }
        });
    }

    @Override
    public String toString() {
        return "#" + id + (name != null ? " " + name : "") + " [" + loop + "] " + state
                + (blockedOn != null ? " on " + blockedOn : "") + (where != null ? " at " + where : "");
    }
}
