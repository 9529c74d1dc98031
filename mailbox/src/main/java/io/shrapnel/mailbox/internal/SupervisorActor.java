package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.mailbox.ActorExit;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.ChildSpec;
import io.shrapnel.mailbox.Exit;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.SupervisorGaveUp;
import io.shrapnel.mailbox.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The supervisor's coro actor. It traps exits and links to each child it starts, so a child's exit
 * is a message here, and the supervisor's own exit takes the children down. Stopping children
 * (for one-for-all, rest-for-one, or its own exit) waits for each child's exit with a selective
 * receive: other children's exits stay queued, in order, for the main loop.
 *
 * <p>Threading: the children list, the restart times and the inbox belong to the supervisor's coro;
 * {@link #restarts()} and the commands ({@link #child}, {@link #stop}) are safe from anywhere.
 */
public final class SupervisorActor {
    private sealed interface Command permits ChildExited, RestartDue, WhichChild, StopAll {}

    private record ChildExited(Exit exit) implements Command {}

    private record RestartDue(List<String> ids) implements Command {}

    private record WhichChild(String id, ActorRef<Optional<ActorRef<?>>> replyTo) implements Command {}

    private record StopAll() implements Command {}

    private static final class Child {
        final ChildSpec spec;
        ActorRef<?> ref;

        Child(ChildSpec spec) {
            this.spec = spec;
        }
    }

    private final String name;
    private final SupervisorSpec spec;
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<Child> children = new ArrayList<>();
    private final ArrayDeque<Long> recentRestarts = new ArrayDeque<>();
    private ActorRef<Command> ref;
    private Inbox<Command> in;

    private SupervisorActor(String name, SupervisorSpec spec) {
        this.name = name;
        this.spec = spec;
        for (ChildSpec c : spec.children()) {
            children.add(new Child(c));
        }
    }

    public static SupervisorActor start(Scheduler loop, String name, SupervisorSpec spec) {
        SupervisorActor s = new SupervisorActor(name, spec);
        s.ref = Actors.named(name).on(loop).spawn(s::run);
        return s;
    }

    public ActorRef<?> ref() {
        return ref;
    }

    public int restarts() {
        return restarts.get();
    }

    @SuppressWarnings("unchecked")
    public <M> Optional<ActorRef<M>> child(String id, Duration timeout) {
        Optional<ActorRef<?>> r = ref.ask(reply -> new WhichChild(id, reply), timeout);
        return r.map(c -> (ActorRef<M>) c);
    }

    public void stop() {
        ref.tell(new StopAll());
    }

    // =====================================================================================
    // The supervisor's coro
    // =====================================================================================

    private void run(Inbox<Command> inbox) {
        in = inbox;
        in.trapExits(ChildExited::new);
        try {
            for (Child c : children) {
                startChild(c);
            }
            while (true) {
                switch (in.receive()) {
                    case ChildExited e -> childExited(e.exit());
                    case RestartDue r -> restart(r.ids());
                    case WhichChild w -> w.replyTo().tell(running(w.id()));
                    case StopAll s -> {
                        return;
                    }
                }
            }
        } finally {
            for (int i = children.size() - 1; i >= 0; i--) {
                stopChild(children.get(i));
            }
        }
    }

    private void childExited(Exit e) {
        Child c = byRef(e.from());
        if (c == null) {
            if (e.reason() != null) {
                throw new ActorExit(e.from(), e.reason()); // a linked parent died: so do we (and our children)
            }
            return;
        }
        c.ref = null;
        Throwable reason = e.reason();
        boolean abnormal = reason != null && !(reason instanceof Shutdown);
        switch (c.spec.restart()) {
            case TEMPORARY -> {
                children.remove(c);
                return;
            }
            case TRANSIENT -> {
                if (!abnormal) {
                    return;
                }
            }
            case PERMANENT -> { }
        }
        int n = countRestart(c, reason);
        List<Child> again = switch (spec.strategy()) {
            case ONE_FOR_ONE -> List.of(c);
            case ONE_FOR_ALL -> List.copyOf(children);
            case REST_FOR_ONE -> List.copyOf(children.subList(children.indexOf(c), children.size()));
        };
        for (int i = again.size() - 1; i >= 0; i--) {
            stopChild(again.get(i));
        }
        List<String> ids = new ArrayList<>();
        for (Child o : again) {
            if (o != c && o.spec.restart() == ChildSpec.Restart.TEMPORARY) {
                children.remove(o); // stopped for the others' sake: temporary children are not restarted
            } else {
                ids.add(o.spec.id());
            }
        }
        Duration delay = spec.backoffFor(n);
        if (delay.isZero()) {
            restart(ids);
        } else {
            in.scheduleOnce(delay, new RestartDue(ids));
        }
    }

    /** Records a restart; gives up (stopping everything) beyond the restart intensity. */
    private int countRestart(Child c, Throwable reason) {
        long now = Coro.now();
        recentRestarts.addLast(now);
        long window = spec.within().toNanos();
        while (now - recentRestarts.peekFirst() > window) {
            recentRestarts.removeFirst();
        }
        if (recentRestarts.size() > spec.maxRestarts()) {
            throw new SupervisorGaveUp("supervisor " + name + " gave up: " + recentRestarts.size()
                    + " restarts within " + spec.within() + " (at most " + spec.maxRestarts() + " allowed); child '"
                    + c.spec.id() + "' exited with " + reason, reason);
        }
        return recentRestarts.size();
    }

    private void restart(List<String> ids) {
        for (String id : ids) {
            Child c = find(id);
            if (c != null && c.ref == null) {
                startChild(c);
                restarts.incrementAndGet();
            }
        }
    }

    private void startChild(Child c) {
        ActorRef<?> r = c.spec.start().get();
        if (r == null) {
            throw new IllegalStateException("the start function of child '" + c.spec.id() + "' of supervisor " + name
                    + " returned null; it must return the address of the actor it spawned");
        }
        c.ref = r;
        in.link(r); // if it has already exited, its exit comes as a message at once
    }

    /** Stops a running child and waits (up to the shutdown timeout) for its exit. */
    private void stopChild(Child c) {
        ActorRef<?> r = c.ref;
        if (r == null) {
            return;
        }
        c.ref = null;
        Actors.stop(r);
        Optional<Command> exit = in.receive(m -> m instanceof ChildExited x && x.exit().from() == r,
                spec.shutdownTimeout());
        if (exit.isEmpty()) {
            in.unlink(r);
            Coro.printStderr("supervisor " + name + ": child '" + c.spec.id() + "' (" + r + ") did not exit within "
                    + spec.shutdownTimeout() + " of being stopped; left behind");
        }
    }

    private Child find(String id) {
        for (Child c : children) {
            if (c.spec.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private Optional<ActorRef<?>> running(String id) {
        Child c = find(id);
        return c == null || c.ref == null ? Optional.empty() : Optional.of(c.ref);
    }

    private Child byRef(ActorRef<?> r) {
        for (Child c : children) {
            if (c.ref == r) {
                return c;
            }
        }
        return null;
    }
}
