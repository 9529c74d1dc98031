package io.shrapnel.mailbox;

import io.shrapnel.mailbox.internal.Names;
import java.util.Optional;
import java.util.Set;

/**
 * Actors by name: one name per actor, one actor per name. A name is released when its actor exits.
 *
 * <pre>{@code
 * Registry.register("cache", cacheRef);
 * Registry.<Cache.Msg>whereis("cache").ifPresent(c -> c.tell(new Cache.Put(k, v)));
 * }</pre>
 *
 * <p>Threading: any thread.
 */
public final class Registry {
    private Registry() {}

    /**
     * Registers {@code actor} under {@code name}.
     *
     * @throws IllegalStateException if the name is taken, the actor has another name, or it has exited
     */
    public static void register(String name, ActorRef<?> actor) {
        Names.register(name, actor);
    }

    /** The actor registered under {@code name}. The message type is the caller's word: it is not checked. */
    public static <M> Optional<ActorRef<M>> whereis(String name) {
        return Names.whereis(name);
    }

    /** Releases {@code name}; false if nothing was registered under it. */
    public static boolean unregister(String name) {
        return Names.unregister(name);
    }

    /** The registered names, sorted. */
    public static Set<String> names() {
        return Names.names();
    }
}
