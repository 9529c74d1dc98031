package io.shrapnel.examples.chat;

import static io.shrapnel.examples.chat.Members.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class ChatSessionTest {
    /** Lines from a script; an IOException in it is thrown when reached. */
    private static ChatSession.Lines script(Object... items) {
        Deque<Object> q = new ArrayDeque<>(List.of(items));
        return () -> {
            Object next = q.poll();
            if (next instanceof IOException e) {
                throw e;
            }
            return (String) next;
        };
    }

    private interface Body {
        void run(Inbox<Object> me, ActorRef<Object> self, ActorRef<RoomsMsg> rooms) throws Exception;
    }

    private static void withRooms(Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Inbox<Object> me = Actors.inbox();
                ActorRef<RoomsMsg> rooms = Rooms.start();
                body.run(me, Actors.self(), rooms);
                for (RoomsMsg.RoomInfo r : rooms.<List<RoomsMsg.RoomInfo>>ask(RoomsMsg.ListRooms::new, Members.PATIENCE)) {
                    Members.stop(me, rooms.<ActorRef<RoomMsg>>ask(to -> new RoomsMsg.Open(r.name(), to), Members.PATIENCE));
                }
                Members.stop(me, rooms);
            });
        }
    }

    @Test
    void aUserJoinsTheLobbyRenamesMovesListsAndQuits() throws Exception {
        withRooms((me, self, rooms) -> {
            ActorRef<Out> a = Members.forwarding("a", self);
            ChatSession.run(script("/nick alice", "hello", "/who", "/join lobby", "/join den", "/rooms", "/help",
                    "/dance", "/quit", "never read"), a);
            expect(me, "a: <alice> hello");
            expect(me, "a: in lobby: alice");
            expect(me, "a: ! you are in lobby already");
            expect(me, "a: * alice joined den (1 here)");
            expect(me, "a: rooms: den (1), lobby (0)");
            expect(me, "a: " + ChatSession.HELP);
            expect(me, "a: ! unknown command /dance (type /help for the commands)");
            expect(me, "a: bye, alice");
            expect(me, "a hung up");
        });
    }

    @Test
    void aGuestIsWelcomedAndARefusedLineEndsTheSessionWithItsReason() throws Exception {
        withRooms((me, self, rooms) -> {
            ActorRef<Out> a = Members.forwarding("a", self);
            // /who asks the room: what it said before has reached the writer by then
            ChatSession.run(script("hi", "/who", new LineReader.BadLine("line longer than 1024 bytes"), "never read"), a);
            Object welcome = me.receive(m -> ((String) m).startsWith("a: welcome, guest"), Members.PATIENCE).orElseThrow();
            String nick = ((String) welcome).substring("a: welcome, ".length(), ((String) welcome).indexOf('.'));
            expect(me, "a: * " + nick + " joined lobby (1 here)");
            expect(me, "a: <" + nick + "> hi");
            expect(me, "a: in lobby: " + nick);
            expect(me, "a: ! line longer than 1024 bytes; closing the connection");
            expect(me, "a hung up");
            assertEquals(List.of(), rooms.<List<RoomsMsg.RoomInfo>>ask(RoomsMsg.ListRooms::new, Members.PATIENCE).getFirst().nicks());
        });
    }

    @Test
    void aBrokenConnectionOrItsEndLeavesTheRoom() throws Exception {
        withRooms((me, self, rooms) -> {
            ActorRef<Out> a = Members.forwarding("a", self);
            ActorRef<Out> b = Members.forwarding("b", self);
            ChatSession.run(script("/nick b1", new IOException("connection reset")), b);
            expect(me, "b hung up");
            ChatSession.run(script("/nick a1"), a); // the stream ends without /quit
            expect(me, "a hung up");
            assertEquals(List.of(), rooms.<List<RoomsMsg.RoomInfo>>ask(RoomsMsg.ListRooms::new, Members.PATIENCE).getFirst().nicks());
        });
    }

    @Test
    void describesRooms() {
        assertEquals("", ChatSession.describe(List.of()));
        assertEquals("a (2), b (0)", ChatSession.describe(List.of(new RoomsMsg.RoomInfo("a", List.of("x", "y")),
                new RoomsMsg.RoomInfo("b", List.of()))));
    }
}
