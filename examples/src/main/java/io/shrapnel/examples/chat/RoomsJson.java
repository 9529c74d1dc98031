package io.shrapnel.examples.chat;

import io.shrapnel.codecs.http.Handler;
import java.util.List;

/** {@code GET /rooms}: the rooms registry asked for its rooms, answered as JSON. */
public final class RoomsJson {
    private RoomsJson() {}

    public static Handler handler() {
        return (req, res) -> {
            List<RoomsMsg.RoomInfo> rooms = Rooms.find().ask(RoomsMsg.ListRooms::new, ChatSession.PATIENCE);
            res.contentType("application/json").send(json(rooms));
        };
    }

    /** {@code {"rooms":[{"name":"lobby","members":["alice","bob"]}]}} */
    static String json(List<RoomsMsg.RoomInfo> rooms) {
        StringBuilder b = new StringBuilder("{\"rooms\":[");
        for (int i = 0; i < rooms.size(); i++) {
            RoomsMsg.RoomInfo r = rooms.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":");
            string(b, r.name());
            b.append(",\"members\":[");
            for (int j = 0; j < r.nicks().size(); j++) {
                if (j > 0) {
                    b.append(',');
                }
                string(b, r.nicks().get(j));
            }
            b.append("]}");
        }
        return b.append("]}\n").toString();
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
