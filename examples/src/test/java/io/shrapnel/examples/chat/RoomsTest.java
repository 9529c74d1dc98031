package io.shrapnel.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class RoomsTest {
    private static ActorRef<RoomMsg> open(ActorRef<RoomsMsg> rooms, String name) {
        return rooms.ask(r -> new RoomsMsg.Open(name, r), Members.PATIENCE);
    }

    @Test
    void opensEachRoomOnceAndListsThemByNameWithTheirMembers() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                assertEquals("no rooms registry: start it with Rooms.start()",
                        assertThrows(IllegalStateException.class, Rooms::find).getMessage());
                ActorRef<RoomsMsg> rooms = Rooms.start();
                assertSame(rooms, Rooms.find());
                ActorRef<RoomMsg> zoo = open(rooms, "zoo");
                ActorRef<RoomMsg> lobby = open(rooms, "lobby");
                assertSame(zoo, open(rooms, "zoo"));
                assertEquals("room:zoo", zoo.name());
                Inbox<Object> me = Actors.inbox();
                ActorRef<Out> a = Members.forwarding("a", Actors.self());
                lobby.tell(new RoomMsg.Enter("alice", a));
                Members.expect(me, "a: * alice joined lobby (1 here)");
                assertEquals(List.of(new RoomsMsg.RoomInfo("lobby", List.of("alice")), new RoomsMsg.RoomInfo("zoo", List.of())),
                        rooms.<List<RoomsMsg.RoomInfo>>ask(RoomsMsg.ListRooms::new, Members.PATIENCE));

                me.monitor(zoo, d -> d);
                Actors.stop(zoo);
                me.receive(Down.class);
                ActorRef<RoomMsg> again = open(rooms, "zoo"); // the registry forgot the dead room
                assertNotSame(zoo, again);
                assertEquals(2, rooms.<List<RoomsMsg.RoomInfo>>ask(RoomsMsg.ListRooms::new, Members.PATIENCE).size());

                a.tell(new Out.Hangup());
                Members.expect(me, "a hung up");
                Members.stop(me, again);
                Members.stop(me, lobby);
                Members.stop(me, rooms);
            });
        }
    }
}
