package io.shrapnel.mailbox.internal;

import io.shrapnel.mailbox.ActorRef;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name registry: one name per actor, one actor per name; a name is released when its actor exits.
 *
 * <p>Threading: any thread. The map is concurrent; the actor's side (its one name) is guarded by
 * the actor's lock, taken before the map is touched, so a registration racing with the actor's
 * exit either is seen by the exit (and removed) or sees the exit (and fails).
 */
public final class Names {
    private static final ConcurrentHashMap<String, Mailbox> NAMES = new ConcurrentHashMap<>();

    private Names() {}

    public static void register(String name, ActorRef<?> ref) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a registered name must not be empty");
        }
        Mailbox m = Mailbox.local(ref, "register");
        synchronized (m) {
            if (m.dead) {
                throw new IllegalStateException(m + " has exited and cannot be registered as '" + name + "'");
            }
            Relations r = m.relations();
            if (r.name != null && !r.name.equals(name)) {
                throw new IllegalStateException(m + " is already registered as '" + r.name
                        + "'; an actor has one name: unregister that one first");
            }
            Mailbox holder = NAMES.putIfAbsent(name, m);
            if (holder != null && holder != m) {
                throw new IllegalStateException("the name '" + name + "' is taken by " + holder
                        + "; pick another name, or unregister it first");
            }
            r.name = name;
        }
    }

    @SuppressWarnings("unchecked")
    public static <M> Optional<ActorRef<M>> whereis(String name) {
        return Optional.ofNullable((ActorRef<M>) (ActorRef<?>) NAMES.get(name));
    }

    public static boolean unregister(String name) {
        Mailbox m = NAMES.remove(name);
        if (m == null) {
            return false;
        }
        synchronized (m) {
            if (m.relations != null && name.equals(m.relations.name)) {
                m.relations.name = null;
            }
        }
        return true;
    }

    public static Set<String> names() {
        return new TreeSet<>(NAMES.keySet());
    }

    /** The actor exited: release its name. */
    static void forget(String name, Mailbox m) {
        NAMES.remove(name, m);
    }
}
