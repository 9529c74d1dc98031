package io.shrapnel.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoomsJsonTest {
    @Test
    void roomsWithTheirMembers() {
        assertEquals("{\"rooms\":[]}\n", RoomsJson.json(List.of()));
        assertEquals("{\"rooms\":[{\"name\":\"lobby\",\"members\":[\"alice\",\"bob\"]},{\"name\":\"x\",\"members\":[]}]}\n",
                RoomsJson.json(List.of(new RoomsMsg.RoomInfo("lobby", List.of("alice", "bob")), new RoomsMsg.RoomInfo("x", List.of()))));
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("{\"rooms\":[{\"name\":\"a\\\"b\\\\c\\u0001\\u001f d\",\"members\":[]}]}\n",
                RoomsJson.json(List.of(new RoomsMsg.RoomInfo("a\"b\\c\u0001\u001f d", List.of()))));
    }
}
