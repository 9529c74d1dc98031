package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.io.IOException;

/**
 * A connection's writer: a coro actor that sends each {@link Out.Line} it is told, in order, and
 * closes the connection on {@link Out.Hangup}. Rooms tell it lines without waiting for a slow
 * client; a write that fails ends it, and the rooms that monitor it drop the member.
 */
public final class Writer {
    /** Where lines go: a socket, a WebSocket. */
    public interface Sink {
        void write(String line) throws IOException;

        void close() throws IOException;
    }

    private Writer() {}

    /** Spawns the writer on the current loop (the connection's, since sockets are loop-confined). */
    public static ActorRef<Out> spawn(String name, Sink sink) {
        return Actors.spawn(name, (Inbox<Out> in) -> {
            try {
                while (in.receive() instanceof Out.Line line) {
                    sink.write(line.text());
                }
            } finally {
                sink.close();
            }
        });
    }
}
