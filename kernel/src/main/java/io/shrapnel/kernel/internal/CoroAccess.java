package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;

/**
 * The kernel's way into the state of its coros and loops from this package, which holds the
 * machinery (waits, extensions, resume listeners) that sibling modules build on but applications
 * never see: {@code Coro} installs the one implementation when it is initialised (the JDK's
 * {@code SharedSecrets} pattern), so nothing here is public API of {@code Coro} or {@code Scheduler}.
 *
 * <p>Threading: as each operation's counterpart in {@code Coro}/{@code Scheduler} says; the wait
 * operations run on the coro's loop.
 */
public abstract class CoroAccess {
    private static volatile CoroAccess access;

    /** Called once, by {@code Coro}'s static initialiser. */
    public static void install(CoroAccess implementation) {
        if (access != null) {
            throw new IllegalStateException("CoroAccess is installed by Coro, once");
        }
        access = implementation;
    }

    static CoroAccess get() {
        CoroAccess a = access;
        if (a == null) {
            try {
                Class.forName(Coro.class.getName(), true, Coro.class.getClassLoader()); // installs it
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    protected CoroAccess() {}

    /** The current coro; outside coros a {@code YieldFromMain} naming {@code operation}. */
    public abstract Coro require(String operation);

    public abstract int beginWait(Coro coro, Object blocker);

    public abstract void abandonWait(Coro coro, int generation);

    public abstract Object park(Coro coro, int generation);

    public abstract boolean wake(Coro coro, int generation, Object value);

    /** {@link #wake} by a hand-off (not a timer's expiry): {@link #wasHanded} answers true for this wait. */
    public abstract boolean handOff(Coro coro, int generation, Object value);

    /** True if a hand-off reached wait {@code generation}, which is the coro's last. */
    public abstract boolean wasHanded(Coro coro, int generation);

    public abstract boolean wakeWithException(Coro coro, int generation, Throwable error);

    public abstract boolean isWaiting(Coro coro, int generation);

    public abstract CoroExtension attachExtension(Coro coro, CoroExtension extension);

    public abstract CoroExtension extension(Coro coro);
}
