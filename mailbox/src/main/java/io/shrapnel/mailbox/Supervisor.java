package io.shrapnel.mailbox;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.internal.SupervisorActor;
import java.time.Duration;
import java.util.Optional;

/**
 * A supervisor: a coro actor that starts children, links to them, traps their exits, and restarts
 * them as its {@link SupervisorSpec} says (one-for-one, one-for-all, rest-for-one) within a maximum
 * restart intensity, with back-off. Children are coro actors, handler actors or supervisors alike.
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.start("workers", SupervisorSpec.oneForOne()
 *         .child(ChildSpec.permanent("worker", () -> Actors.spawn("worker", Worker::run))));
 * ActorRef<Worker.Msg> w = sup.<Worker.Msg>child("worker").orElseThrow();
 * }</pre>
 *
 * <p>If the supervisor exits (it gave up, it was stopped, or a linked parent took it down), its
 * children are stopped too. Threading: any thread.
 */
public final class Supervisor {
    private final SupervisorActor actor;

    private Supervisor(SupervisorActor actor) {
        this.actor = actor;
    }

    /** Starts a supervisor on the current loop (or the default loop outside coros); its children start on it. */
    public static Supervisor start(String name, SupervisorSpec spec) {
        return start(Scheduler.current(), name, spec);
    }

    public static Supervisor start(Scheduler loop, String name, SupervisorSpec spec) {
        return new Supervisor(SupervisorActor.start(loop, name, spec));
    }

    /** The supervisor's own address: to monitor it, link to it, or supervise it (as a child of another). */
    public ActorRef<?> ref() {
        return actor.ref();
    }

    /** The running child called {@code id}; empty while it is being restarted, or if there is none. */
    public <M> Optional<ActorRef<M>> child(String id) {
        return actor.child(id, Duration.ofSeconds(5));
    }

    /** Restarts so far, of all children. */
    public int restarts() {
        return actor.restarts();
    }

    /** Stops the children (in reverse start order) and then the supervisor. Does not wait. */
    public void stop() {
        actor.stop();
    }

    public boolean isAlive() {
        return actor.ref().isAlive();
    }

    @Override
    public String toString() {
        return "Supervisor" + actor.ref();
    }
}
