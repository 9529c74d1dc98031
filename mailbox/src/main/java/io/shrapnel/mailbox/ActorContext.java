package io.shrapnel.mailbox;

import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.function.Function;

/**
 * What an actor can do about itself: its address, monitors, links, trapping exits, timers. Coro
 * actors have it as their {@link Inbox}; handler actors get it from {@link Behaviors#setup}.
 *
 * <p>Signals arrive as ordinary messages of the actor's own type, through adapters, so the actor's
 * {@code switch} over its sealed message interface stays exhaustive:
 * <pre>{@code
 * sealed interface Msg permits Work, WorkerDown {}
 * record WorkerDown(Down down) implements Msg {}
 * inbox.monitor(worker, WorkerDown::new);
 * }</pre>
 *
 * <p>Threading: call these from the actor itself (its coro, or its handlers). They are safe from
 * other threads too, except {@link #scheduleOnce}, which needs the actor's loop.
 */
public interface ActorContext<M> {
    /** This actor's address. */
    ActorRef<M> self();

    /** The loop this actor runs on. */
    Scheduler loop();

    /**
     * Watches {@code target}: when it exits, {@code onDown} turns the {@link Down} into a message for
     * this actor. If it has already exited, the message comes at once. Cancel with {@link Monitor#cancel()}.
     * Down messages never wait for room: to a full bounded mailbox they become dead letters. The
     * adapter runs where the target exits (its loop): keep it a plain constructor such as {@code WorkerDown::new}.
     */
    Monitor monitor(ActorRef<?> target, Function<? super Down, ? extends M> onDown);

    /**
     * Links this actor and {@code other}: when either exits abnormally, the other exits too (with
     * {@link ActorExit}), unless it traps exits. Linking to an actor that has already exited delivers
     * its exit at once.
     */
    void link(ActorRef<?> other);

    /** Removes the link to {@code other}, if any. */
    void unlink(ActorRef<?> other);

    /**
     * Traps exits: an exit of a linked actor arrives as a message made by {@code onExit} instead of
     * taking this actor down. {@code null} stops trapping.
     */
    void trapExits(Function<? super Exit, ? extends M> onExit);

    /** Sends {@code message} to this actor after {@code delay} (on its loop's clock). Loop thread only. */
    Scheduler.Cancellable scheduleOnce(Duration delay, M message);
}
