package io.shrapnel.kernel;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A variable with one value per coro, like a {@code ThreadLocal} but cheaper: each coro-local
 * owns a slot index, and a coro's values live in a small array on the coro (created on its first
 * {@code set}), so a lookup is an array read instead of a hash-map probe. Values are not inherited
 * by spawned coros and disappear with the coro.
 *
 * <pre>{@code
 * static final CoroLocal<String> REQUEST_ID = CoroLocal.withInitial(() -> "none");
 * REQUEST_ID.set("r-42");  ...  log(REQUEST_ID.get());
 * }</pre>
 *
 * <p>Make them constants ({@code static final}): every coro-local ever created takes a slot index
 * for the life of the JVM, and a coro's array grows to the highest index it uses.
 *
 * <p>Threading: a coro reads and writes only its own values; the methods fail outside coros.
 * The slot counter is shared by all loops (atomic).
 *
 * @param <T> the type of the value
 */
public final class CoroLocal<T> {
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final int slot = SLOTS.getAndIncrement();
    private final Supplier<? extends T> initial;

    /** A coro-local whose value is null until set. */
    public CoroLocal() {
        this(() -> null);
    }

    private CoroLocal(Supplier<? extends T> initial) {
        this.initial = initial;
    }

    /** A coro-local whose value in each coro starts as {@code initial.get()}, called on first read. */
    public static <T> CoroLocal<T> withInitial(Supplier<? extends T> initial) {
        return new CoroLocal<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The current coro's value (its initial value on first read). */
    @SuppressWarnings("unchecked")
    public T get() {
        Coro c = Coro.require("CoroLocal.get");
        Coro.Extras x = c.extrasOrNull();
        Object[] locals = x == null ? null : x.locals;
        if (locals != null && slot < locals.length) {
            Object v = locals[slot];
            if (v != null) { // an empty slot was never set; a stored null is Null.VALUE
                return v == Null.VALUE ? null : (T) v;
            }
        }
        T v = initial.get();
        store(c, v);
        return v;
    }

    /** Sets the current coro's value. */
    public void set(T value) {
        store(Coro.require("CoroLocal.set"), value);
    }

    /** Forgets the current coro's value: the next {@link #get()} computes the initial value again. */
    public void remove() {
        Coro.Extras x = Coro.require("CoroLocal.remove").extrasOrNull();
        Object[] locals = x == null ? null : x.locals;
        if (locals != null && slot < locals.length) {
            locals[slot] = null;
        }
    }

    private void store(Coro c, T value) {
        Coro.Extras x = c.extras();
        Object[] locals = x.locals;
        if (locals == null || slot >= locals.length) {
            int size = Math.max(slot + 1, locals == null ? 4 : locals.length * 2);
            x.locals = locals = locals == null ? new Object[size] : Arrays.copyOf(locals, size);
        }
        locals[slot] = value == null ? Null.VALUE : value;
    }

    /** Stands for a stored null, so that "set to null" and "never set" differ. */
    private enum Null { VALUE }

    @Override
    public String toString() {
        return "CoroLocal#" + slot;
    }
}
