package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One chat user, telnet or WebSocket alike: reads lines in the connection's coro, runs the command
 * each one is, and answers through the connection's writer ({@code out}). Starts as {@code guestN}
 * in {@value #LOBBY}; a refused line (too long, not text) is answered with its reason and ends the
 * session.
 *
 * <p>Threading: confined to the connection's coro.
 */
public final class ChatSession {
    /** The room everybody enters first. */
    public static final String LOBBY = "lobby";
    static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final AtomicInteger GUESTS = new AtomicInteger();
    static final String HELP = "commands: /nick NAME, /join ROOM, /rooms, /who, /quit; anything else is said in the room";

    /** Lines typed by the user; null once the connection has ended. */
    @FunctionalInterface
    public interface Lines {
        String next() throws IOException;
    }

    private final ActorRef<Out> out;
    private String nick;
    private String roomName;
    private ActorRef<RoomMsg> room;

    ChatSession(ActorRef<Out> out, String nick) {
        this.out = out;
        this.nick = nick;
    }

    /** Runs a session until the user quits or the connection ends; the writer is told to hang up last. */
    public static void run(Lines in, ActorRef<Out> out) {
        ChatSession s = new ChatSession(out, "guest" + GUESTS.incrementAndGet());
        try {
            s.say("welcome, " + s.nick + ". " + HELP);
            s.join(LOBBY);
            while (s.handle(in)) {
                // next line
            }
        } finally {
            s.leave();
            out.tell(new Out.Hangup());
        }
    }

    /** Reads and runs one line; false when the session is over. */
    boolean handle(Lines in) {
        String line;
        try {
            line = in.next();
        } catch (LineReader.BadLine e) {
            say("! " + e.getMessage() + "; closing the connection");
            return false;
        } catch (IOException e) {
            return false; // the connection broke: nobody to tell
        }
        return line != null && run(ChatCommand.parse(line));
    }

    /** Runs one command; false for {@code /quit}. */
    boolean run(ChatCommand command) {
        switch (command) {
            case ChatCommand.Say s -> room.tell(new RoomMsg.Say(out, s.text()));
            case ChatCommand.Nick n -> {
                nick = n.name();
                room.tell(new RoomMsg.Rename(out, nick));
            }
            case ChatCommand.Join j -> join(j.room());
            case ChatCommand.Who w -> {
                List<String> nicks = room.ask(RoomMsg.Who::new, PATIENCE);
                say("in " + roomName + ": " + String.join(", ", nicks));
            }
            case ChatCommand.ListRooms r -> say("rooms: " + describe(
                    Rooms.find().ask(RoomsMsg.ListRooms::new, PATIENCE)));
            case ChatCommand.Help h -> say(HELP);
            case ChatCommand.Refused r -> say("! " + r.reason());
            case ChatCommand.Quit q -> {
                say("bye, " + nick);
                return false;
            }
        }
        return true;
    }

    static String describe(List<RoomsMsg.RoomInfo> rooms) {
        return rooms.stream().map(r -> r.name() + " (" + r.nicks().size() + ")").collect(Collectors.joining(", "));
    }

    String nick() {
        return nick;
    }

    String roomName() {
        return roomName;
    }

    private void join(String name) {
        if (name.equals(roomName)) {
            say("! you are in " + name + " already");
            return;
        }
        ActorRef<RoomMsg> next = Rooms.find().ask(replyTo -> new RoomsMsg.Open(name, replyTo), PATIENCE);
        leave();
        room = next;
        roomName = name;
        room.tell(new RoomMsg.Enter(nick, out));
    }

    private void leave() {
        if (room != null) {
            room.tell(new RoomMsg.Leave(out));
        }
    }

    private void say(String text) {
        out.tell(new Out.Line(text));
    }
}
