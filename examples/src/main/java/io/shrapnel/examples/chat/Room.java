package io.shrapnel.examples.chat;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Inbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat room as a coro actor: its members (the writers of their connections, by their nicks) are
 * its own state, touched by nobody else; everything said in it is sent to every member. It monitors
 * each member's writer, so a connection that dies leaves the room even if nobody says so.
 *
 * <p>Threading: the state lives in the actor's coro; others only send messages.
 */
public final class Room {
    private final String name;
    private final Inbox<RoomMsg> inbox;
    private final Map<ActorRef<Out>, String> members = new LinkedHashMap<>();

    private Room(String name, Inbox<RoomMsg> inbox) {
        this.name = name;
        this.inbox = inbox;
    }

    /** The body of the actor named {@code room:NAME}; it runs until stopped. */
    public static void run(String name, Inbox<RoomMsg> inbox) {
        Room room = new Room(name, inbox);
        while (true) {
            room.handle(inbox.receive());
        }
    }

    void handle(RoomMsg msg) {
        switch (msg) {
            case RoomMsg.Enter e -> {
                if (!members.containsKey(e.out())) {
                    inbox.monitor(e.out(), down -> new RoomMsg.Gone(down.actor()));
                }
                members.put(e.out(), e.nick());
                broadcast("* " + e.nick() + " joined " + name + " (" + members.size() + " here)");
            }
            case RoomMsg.Leave l -> {
                String nick = members.remove(l.out());
                if (nick != null) {
                    broadcast("* " + nick + " left " + name);
                }
            }
            case RoomMsg.Gone g -> {
                String nick = members.remove(g.out());
                if (nick != null) {
                    broadcast("* " + nick + " went away");
                }
            }
            case RoomMsg.Rename r -> {
                String old = members.replace(r.out(), r.nick());
                if (old != null) {
                    broadcast("* " + old + " is now " + r.nick());
                }
            }
            case RoomMsg.Say s -> {
                String nick = members.get(s.from());
                if (nick == null) {
                    s.from().tell(new Out.Line("! you are not in " + name + " (type /join " + name + ")"));
                } else {
                    broadcast("<" + nick + "> " + s.text());
                }
            }
            case RoomMsg.Who w -> w.replyTo().tell(nicks());
        }
    }

    List<String> nicks() {
        List<String> nicks = new ArrayList<>(members.values());
        nicks.sort(null);
        return nicks;
    }

    private void broadcast(String line) {
        Out.Line out = new Out.Line(line);
        for (ActorRef<Out> member : members.keySet()) {
            member.tell(out);
        }
    }
}
