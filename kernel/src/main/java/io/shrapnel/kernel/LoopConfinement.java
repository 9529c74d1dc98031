package io.shrapnel.kernel;

/**
 * The loop a synchronisation primitive belongs to, and the check that it is used only there.
 *
 * <p>A primitive binds to the loop of the first coro (or posted task) that uses it and from then on
 * refuses every other loop with an error that says what to do instead. It is what lets the
 * primitives keep their state in plain fields: everything runs on one thread.
 *
 * <p>Threading: the binding is written once by the first user and read racily afterwards; a
 * primitive used from two loops at the same moment may be caught late, never wrongly accepted for long.
 */
final class LoopConfinement {
    private final Object owner;
    private Scheduler loop;

    LoopConfinement(Object owner) {
        this.owner = owner;
    }

    /** The current coro, for operations that may park; fails outside coros and on other loops. */
    Coro coro(String operation) {
        Coro c = Coro.current();
        if (c == null) {
            throw new YieldFromMain(name() + "." + operation + " must be called from inside a coro: it "
                    + "may park the coro. From " + Thread.currentThread() + ", spawn a coro on the loop that owns it.");
        }
        if (c.scheduler != loop) {
            bind(c.scheduler, operation, c.toString());
        }
        return c;
    }

    /**
     * For operations that never park: allowed in a coro of the owning loop and in tasks posted to
     * that loop ({@link Scheduler#post}), which is how other threads reach a primitive.
     */
    void check(String operation) {
        Scheduler l = loop;
        if (l != null && l.inLoop()) {
            return;
        }
        Coro c = Coro.current();
        if (c != null) {
            bind(c.scheduler, operation, c.toString());
            return;
        }
        for (Scheduler s : Scheduler.all()) {
            if (s.inLoop()) {
                bind(s, operation, "a task posted to loop " + s.name());
                return;
            }
        }
        throw new IllegalStateException(name() + "." + operation + " was called from " + Thread.currentThread()
                + ", which runs no loop. Primitives are confined to one loop: post the call to it, e.g. "
                + "scheduler.post(() -> ...), or call it from one of its coros.");
    }

    /** Binds to {@code s} unless bound to another loop already. */
    void bind(Scheduler s, String operation, String caller) {
        Scheduler l = loop;
        if (l == null) {
            loop = s;
        } else if (l != s) {
            throw new IllegalStateException(name() + "." + operation + " was called by " + caller + " on loop "
                    + s.name() + ", but it belongs to loop " + l.name() + ". Primitives are confined to the loop "
                    + "that first used them: create one per loop, or send the work to the owning loop "
                    + "(Coro.spawnOn(loop, ...), scheduler.post(...)).");
        }
    }

    /** The loop this primitive belongs to, or null before its first use. */
    Scheduler loop() {
        return loop;
    }

    private String name() {
        return owner.getClass().getSimpleName();
    }
}
