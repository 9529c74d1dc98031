package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import java.util.List;

/** The messages the {@link Rooms} registry understands. */
public sealed interface RoomsMsg {
    /** The room called {@code name}, opened if there is none yet. */
    record Open(String name, ActorRef<ActorRef<RoomMsg>> replyTo) implements RoomsMsg {}

    /** Every room with the nicks in it, by name. */
    record ListRooms(ActorRef<List<RoomInfo>> replyTo) implements RoomsMsg {}

    /** A room exited (it crashed): it is forgotten, and opened again on the next {@link Open}. */
    record Closed(ActorRef<?> room) implements RoomsMsg {}

    /** One row of {@link ListRooms}'s answer. */
    record RoomInfo(String name, List<String> nicks) {}
}
