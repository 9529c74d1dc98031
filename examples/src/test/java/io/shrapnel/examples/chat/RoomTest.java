package io.shrapnel.examples.chat;

import static io.shrapnel.examples.chat.Members.expect;
import static io.shrapnel.examples.chat.Members.forwarding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class RoomTest {
    private static ActorRef<RoomMsg> room(String name) {
        return Actors.spawn("room:" + name, (Inbox<RoomMsg> in) -> Room.run(name, in));
    }

    @Test
    void everyMemberHearsWhatIsSaidAndWhoComesAndGoes() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Inbox<Object> me = Actors.inbox();
                ActorRef<Object> self = Actors.self();
                ActorRef<RoomMsg> room = room("lobby");
                ActorRef<Out> a = forwarding("a", self);
                ActorRef<Out> b = forwarding("b", self);
                room.tell(new RoomMsg.Enter("alice", a));
                expect(me, "a: * alice joined lobby (1 here)");
                room.tell(new RoomMsg.Enter("bob", b));
                expect(me, "a: * bob joined lobby (2 here)");
                expect(me, "b: * bob joined lobby (2 here)");
                room.tell(new RoomMsg.Say(a, "hi bob"));
                expect(me, "a: <alice> hi bob");
                expect(me, "b: <alice> hi bob");
                room.tell(new RoomMsg.Rename(b, "aaron"));
                expect(me, "a: * bob is now aaron");
                expect(me, "b: * bob is now aaron");
                assertEquals(List.of("aaron", "alice"), room.<List<String>>ask(RoomMsg.Who::new, Members.PATIENCE));
                room.tell(new RoomMsg.Leave(a));
                expect(me, "b: * alice left lobby");
                room.tell(new RoomMsg.Say(a, "am I here?"));
                expect(me, "a: ! you are not in lobby (type /join lobby)");
                room.tell(new RoomMsg.Leave(a)); // twice: nothing said
                room.tell(new RoomMsg.Rename(a, "ghost")); // not a member: nothing said
                assertEquals(List.of("aaron"), room.<List<String>>ask(RoomMsg.Who::new, Members.PATIENCE));
                assertTrue(me.receive(m -> ((String) m).startsWith("b: "), java.time.Duration.ZERO).isEmpty(),
                        "aaron heard nothing more");
                a.tell(new Out.Hangup());
                b.tell(new Out.Hangup());
                expect(me, "a hung up");
                expect(me, "b hung up");
                Members.stop(me, room);
            });
        }
    }

    @Test
    void aMemberWhoseWriterDiesLeavesWithoutAWord() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Inbox<Object> me = Actors.inbox();
                ActorRef<Object> self = Actors.self();
                ActorRef<RoomMsg> room = room("x");
                ActorRef<Out> a = forwarding("a", self);
                ActorRef<Out> b = forwarding("b", self);
                room.tell(new RoomMsg.Enter("alice", a));
                room.tell(new RoomMsg.Enter("alice", a)); // entering again does not count twice
                room.tell(new RoomMsg.Enter("bob", b));
                expect(me, "a: * bob joined x (2 here)");
                b.tell(new Out.Hangup());
                expect(me, "b hung up");
                expect(me, "a: * bob went away");
                assertEquals(List.of("alice"), room.<List<String>>ask(RoomMsg.Who::new, Members.PATIENCE));
                a.tell(new Out.Hangup());
                expect(me, "a hung up");
                assertEquals(List.of(), room.<List<String>>ask(RoomMsg.Who::new, Members.PATIENCE));
                Members.stop(me, room);
            });
        }
    }
}
