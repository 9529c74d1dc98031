package io.shrapnel.mailbox.internal;

import io.shrapnel.mailbox.Exit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Who watches an actor, who is linked to it, whether it traps exits, under which name it is
 * registered. Created on first use: most actors have none of these.
 *
 * <p>Threading: guarded by the lock of the mailbox that owns it.
 */
final class Relations {
    List<Watch> watchers;
    List<Mailbox> links;
    Function<? super Exit, ?> trap;
    String name;

    void addWatch(Watch w) {
        if (watchers == null) {
            watchers = new ArrayList<>(2);
        }
        watchers.add(w);
    }

    void addLink(Mailbox m) {
        if (links == null) {
            links = new ArrayList<>(2);
        }
        if (!links.contains(m)) {
            links.add(m);
        }
    }

    boolean removeLink(Mailbox m) {
        return links != null && links.remove(m);
    }
}
