package io.shrapnel.mailbox;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One child of a {@link Supervisor}: how to start it and when to restart it.
 *
 * @param id the child's name within its supervisor
 * @param restart when it is restarted
 * @param start spawns the child and returns its address; runs in the supervisor's coro, so actors it
 *     spawns land on the supervisor's loop unless it says otherwise
 */
public record ChildSpec(String id, Restart restart, Supplier<? extends ActorRef<?>> start) {
    /** When a child that exited is started again (the meanings of Erlang/OTP). */
    public enum Restart {
        /** Always. */
        PERMANENT,
        /** Only after an abnormal exit: not after a normal return or a {@code Shutdown}. */
        TRANSIENT,
        /** Never: it is forgotten when it exits. */
        TEMPORARY
    }

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(start, "start");
    }

    /** A child that is always restarted. */
    public static ChildSpec permanent(String id, Supplier<? extends ActorRef<?>> start) {
        return new ChildSpec(id, Restart.PERMANENT, start);
    }

    public static ChildSpec of(String id, Restart restart, Supplier<? extends ActorRef<?>> start) {
        return new ChildSpec(id, restart, start);
    }
}
