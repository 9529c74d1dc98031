package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.time.Duration;

/** Test members of rooms: writers that forward what they are told, tagged, to the test's inbox. */
final class Members {
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private Members() {}

    /** A writer that forwards "TAG: line" (and "TAG hung up") to {@code to}, until hung up. */
    static ActorRef<Out> forwarding(String tag, ActorRef<Object> to) {
        return Actors.spawn("member-" + tag, (Inbox<Out> in) -> {
            while (in.receive() instanceof Out.Line line) {
                to.tell(tag + ": " + line.text());
            }
            to.tell(tag + " hung up");
        });
    }

    /** Waits for {@code expected} in {@code me}, skipping nothing else: other messages stay. */
    static void expect(Inbox<Object> me, String expected) {
        if (me.receive(expected::equals, PATIENCE).isEmpty()) {
            java.util.List<Object> there = new java.util.ArrayList<>();
            java.util.Optional<Object> m;
            while ((m = me.receive(Duration.ZERO)).isPresent()) {
                there.add(m.get());
            }
            throw new AssertionError("no '" + expected + "' within " + PATIENCE + "; there were " + there);
        }
    }

    /** Stops {@code actor} and waits until it is gone. */
    static void stop(Inbox<Object> me, ActorRef<?> actor) {
        me.monitor(actor, d -> d);
        Actors.stop(actor);
        me.receive(io.shrapnel.mailbox.Down.class);
    }
}
