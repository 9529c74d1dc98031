package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import java.util.List;

/** The messages a {@link Room} understands. */
public sealed interface RoomMsg {
    /** {@code nick} enters; the room sends it every line said from now on through {@code out}. */
    record Enter(String nick, ActorRef<Out> out) implements RoomMsg {}

    /** The member writing to {@code out} leaves (or was told so by its connection ending). */
    record Leave(ActorRef<Out> out) implements RoomMsg {}

    /** The member writing to {@code out} is now called {@code nick}. */
    record Rename(ActorRef<Out> out, String nick) implements RoomMsg {}

    /** {@code from} says {@code text} to everybody in the room. */
    record Say(ActorRef<Out> from, String text) implements RoomMsg {}

    /** The nicks in the room, sorted. */
    record Who(ActorRef<List<String>> replyTo) implements RoomMsg {}

    /** A member's writer exited (its connection closed): it leaves without a word. */
    record Gone(ActorRef<?> out) implements RoomMsg {}
}
