package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Monitor;
import java.util.function.Function;

/**
 * A monitor: {@code watcher} gets a message made from a {@link Down} when {@code target} exits.
 *
 * <p>Threading: immutable; {@link #fire} runs where the target closes (its loop), or at once in
 * the caller when the target was already dead.
 */
final class Watch implements Monitor {
    private final Mailbox target;
    private final Mailbox watcher;
    private final Function<? super Down, ?> adapter;

    Watch(Mailbox target, Mailbox watcher, Function<? super Down, ?> adapter) {
        this.target = target;
        this.watcher = watcher;
        this.adapter = adapter;
    }

    @Override
    public ActorRef<?> target() {
        return target;
    }

    @Override
    public boolean cancel() {
        return ExitSignals.unwatch(target, this);
    }

    void fire(Throwable reason) {
        Object message;
        try {
            message = adapter.apply(new Down(target, reason));
        } catch (RuntimeException e) {
            Coro.printStderr("monitor of " + target + " by " + watcher + ": the Down adapter failed: " + e);
            return;
        }
        if (message != null) {
            watcher.deliverSignal(message);
        }
    }
}
