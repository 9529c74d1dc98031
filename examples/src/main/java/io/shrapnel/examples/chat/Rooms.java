package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rooms registry, a coro actor registered as {@value #NAME}: opens rooms on demand, one
 * {@link Room} actor each, and lists them with their members by asking each room. A supervisor
 * restarts it when it crashes; sessions look it up by name for each request, so they find the new
 * one.
 *
 * <p>Threading: the map lives in the actor's coro.
 */
public final class Rooms {
    /** The name it is registered under. */
    public static final String NAME = "rooms";
    /** How long the registry waits for a room to say who is in it. */
    static final Duration ROOM_PATIENCE = Duration.ofSeconds(2);

    private final Inbox<RoomsMsg> inbox;
    private final Map<String, ActorRef<RoomMsg>> rooms = new TreeMap<>();

    private Rooms(Inbox<RoomsMsg> inbox) {
        this.inbox = inbox;
    }

    /** Spawns the registry on the current loop and registers it as {@value #NAME}. */
    public static ActorRef<RoomsMsg> start() {
        ActorRef<RoomsMsg> ref = Actors.spawn(NAME, Rooms::run);
        Registry.register(NAME, ref);
        return ref;
    }

    /** The running registry. */
    public static ActorRef<RoomsMsg> find() {
        return Registry.<RoomsMsg>whereis(NAME)
                .orElseThrow(() -> new IllegalStateException("no rooms registry: start it with Rooms.start()"));
    }

    static void run(Inbox<RoomsMsg> inbox) {
        Rooms registry = new Rooms(inbox);
        while (true) {
            registry.handle(inbox.receive());
        }
    }

    void handle(RoomsMsg msg) {
        switch (msg) {
            case RoomsMsg.Open o -> o.replyTo().tell(open(o.name()));
            case RoomsMsg.ListRooms l -> l.replyTo().tell(list());
            case RoomsMsg.Closed c -> rooms.values().remove(c.room());
        }
    }

    private ActorRef<RoomMsg> open(String name) {
        ActorRef<RoomMsg> room = rooms.get(name);
        if (room == null) {
            room = Actors.spawn("room:" + name, (Inbox<RoomMsg> in) -> Room.run(name, in));
            inbox.monitor(room, down -> new RoomsMsg.Closed(down.actor()));
            rooms.put(name, room);
        }
        return room;
    }

    private List<RoomsMsg.RoomInfo> list() {
        List<RoomsMsg.RoomInfo> out = new ArrayList<>();
        for (Map.Entry<String, ActorRef<RoomMsg>> e : rooms.entrySet()) {
            List<String> nicks = e.getValue().ask(RoomMsg.Who::new, ROOM_PATIENCE);
            out.add(new RoomsMsg.RoomInfo(e.getKey(), nicks));
        }
        return out;
    }
}
