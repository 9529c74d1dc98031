package io.shrapnel.mailbox;

import java.util.Objects;
import java.util.function.Function;

/** The special behaviours, in the style of Pekko typed. */
public final class Behaviors {
    private Behaviors() {}

    private static final Behavior<Object> SAME = marker("Behaviors.same()");
    private static final Behavior<Object> STOPPED = marker("Behaviors.stopped()");

    private static Behavior<Object> marker(String name) {
        return new Behavior<>() {
            @Override
            public Behavior<Object> receive(Object message) {
                throw new IllegalStateException(name + " is a marker returned by handlers, not a behaviour to run");
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Keep the current behaviour for the next message. */
    @SuppressWarnings("unchecked")
    public static <M> Behavior<M> same() {
        return (Behavior<M>) SAME;
    }

    /** Exit normally; messages still in the mailbox become dead letters. */
    @SuppressWarnings("unchecked")
    public static <M> Behavior<M> stopped() {
        return (Behavior<M>) STOPPED;
    }

    /**
     * A behaviour made when the actor starts (on its loop, before its first message), with its
     * context: its address, monitors, links, timers.
     *
     * <pre>{@code
     * Behaviors.setup(ctx -> {
     *     ctx.monitor(worker, WorkerDown::new);
     *     return msg -> ...;
     * });
     * }</pre>
     */
    public static <M> Behavior<M> setup(Function<ActorContext<M>, Behavior<M>> factory) {
        return new Setup<>(Objects.requireNonNull(factory, "factory"));
    }

    /** The deferred behaviour of {@link #setup}; the runtime calls {@link #start} instead of receive. */
    public record Setup<M>(Function<ActorContext<M>, Behavior<M>> factory) implements Behavior<M> {
        @Override
        public Behavior<M> receive(M message) {
            throw new IllegalStateException("Behaviors.setup(...) runs when the actor starts; it does not receive messages");
        }

        public Behavior<M> start(ActorContext<M> context) {
            return factory.apply(context);
        }
    }
}
