package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorExit;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Exit;
import io.shrapnel.mailbox.Monitor;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an actor's exit reaches the others (the rules of Erlang's monitors and links): a watcher gets
 * a Down; a linked actor gets an exit signal, which it traps as a message, ignores if the exit was
 * normal, or dies of ({@link ActorExit}). Watching or linking an actor that has already exited
 * delivers its exit at once.
 *
 * <p>Threading: any thread. Every decision is taken under the lock of the mailbox(es) involved
 * (two locks in id order for links), against the mailbox's {@code dead} flag, which its close sets
 * under the same lock before it hands out Downs and exit signals: so a watch or link made while the
 * target exits is either seen by the exit or sees it, never lost. Messages are delivered outside
 * the locks.
 */
final class ExitSignals {
    private ExitSignals() {}

    static Monitor monitor(Mailbox watcher, Mailbox target, Function<? super Down, ?> onDown) {
        Objects.requireNonNull(onDown, "onDown");
        Watch w = new Watch(target, watcher, onDown);
        Throwable reason;
        synchronized (target) {
            if (!target.dead) {
                target.relations().addWatch(w);
                return w;
            }
            reason = target.exitReason;
        }
        w.fire(reason);
        return w;
    }

    static boolean unwatch(Mailbox target, Watch w) {
        synchronized (target) {
            Relations r = target.relations;
            return r != null && r.watchers != null && r.watchers.remove(w);
        }
    }

    static void link(Mailbox a, Mailbox b) {
        if (a == b) {
            return;
        }
        Mailbox first = a.id < b.id ? a : b;
        Mailbox second = first == a ? b : a;
        boolean aDead;
        boolean bDead;
        Throwable aReason;
        Throwable bReason;
        synchronized (first) {
            synchronized (second) {
                aDead = a.dead;
                bDead = b.dead;
                if (!aDead && !bDead) {
                    a.relations().addLink(b);
                    b.relations().addLink(a);
                    return;
                }
                aReason = a.exitReason;
                bReason = b.exitReason;
            }
        }
        if (bDead && !aDead) {
            signal(a, b, bReason);
        } else if (aDead && !bDead) {
            signal(b, a, aReason);
        }
    }

    static void unlink(Mailbox a, Mailbox b) {
        Mailbox first = a.id < b.id ? a : b;
        Mailbox second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (a.relations != null) {
                    a.relations.removeLink(b);
                }
                if (b.relations != null) {
                    b.relations.removeLink(a);
                }
            }
        }
    }

    static void trap(Mailbox m, Function<? super Exit, ?> onExit) {
        synchronized (m) {
            if (!m.dead) {
                m.relations().trap = onExit;
            }
        }
    }

    /** {@code m} has exited with {@code reason}; {@code r} are its relations, taken from it under its lock. */
    static void exited(Mailbox m, Relations r, Throwable reason) {
        if (r.name != null) {
            Names.forget(r.name, m);
        }
        if (r.watchers != null) {
            for (Watch w : r.watchers) {
                w.fire(reason);
            }
        }
        if (r.links != null) {
            for (Mailbox linked : r.links) {
                signal(linked, m, reason);
            }
        }
    }

    /** The exit signal from {@code from} reaches {@code to}: trapped as a message, ignored if normal, or fatal. */
    private static void signal(Mailbox to, Mailbox from, Throwable reason) {
        Function<? super Exit, ?> trap;
        synchronized (to) {
            if (to.dead) {
                return;
            }
            if (to.relations != null) {
                to.relations.removeLink(from);
            }
            trap = to.relations == null ? null : to.relations.trap;
        }
        if (trap != null) {
            Object message;
            try {
                message = trap.apply(new Exit(from, reason));
            } catch (RuntimeException e) {
                Coro.printStderr(to + ": the Exit adapter failed: " + e);
                return;
            }
            if (message != null) {
                to.deliverSignal(message);
            }
        } else if (reason != null) {
            to.kill(new ActorExit(from, reason));
        }
    }
}
