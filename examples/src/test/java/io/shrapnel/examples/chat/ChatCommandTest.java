package io.shrapnel.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChatCommandTest {
    @Test
    void commandsWithTheirArguments() {
        assertEquals(new ChatCommand.Nick("alice"), ChatCommand.parse("/nick alice"));
        assertEquals(new ChatCommand.Join("room-1_x"), ChatCommand.parse("  /join   room-1_x  "));
        assertEquals(new ChatCommand.ListRooms(), ChatCommand.parse("/rooms"));
        assertEquals(new ChatCommand.Who(), ChatCommand.parse("/who"));
        assertEquals(new ChatCommand.Quit(), ChatCommand.parse("/quit"));
        assertEquals(new ChatCommand.Quit(), ChatCommand.parse("/quit now"));
        assertEquals(new ChatCommand.Help(), ChatCommand.parse("/help"));
    }

    @Test
    void anythingElseIsSaidStripped() {
        assertEquals(new ChatCommand.Say("hello / all"), ChatCommand.parse("  hello / all "));
        assertEquals(new ChatCommand.Say("nick alice"), ChatCommand.parse("nick alice"));
    }

    @Test
    void badLinesAreRefusedWithTheReason() {
        assertEquals(new ChatCommand.Refused("empty line (type /help for the commands)"), ChatCommand.parse("   "));
        assertEquals(new ChatCommand.Refused("unknown command /dance (type /help for the commands)"), ChatCommand.parse("/dance x"));
        assertEquals(new ChatCommand.Refused("this command takes no argument"), ChatCommand.parse("/who me"));
        assertEquals(new ChatCommand.Refused("this command takes no argument"), ChatCommand.parse("/rooms all"));
        assertEquals(new ChatCommand.Refused("a nick is 1 to 24 letters, digits, '-' or '_', not ''"), ChatCommand.parse("/nick"));
        assertEquals(new ChatCommand.Refused("a room is 1 to 24 letters, digits, '-' or '_', not 'a b'"), ChatCommand.parse("/join a b"));
    }

    @Test
    void namesAreShortAndPlain() {
        assertTrue(ChatCommand.isName("a"));
        assertTrue(ChatCommand.isName("azAZ09-_"));
        assertTrue(ChatCommand.isName("x".repeat(24)));
        assertFalse(ChatCommand.isName("x".repeat(25)));
        assertFalse(ChatCommand.isName(""));
        for (String bad : new String[] {"a.b", "a/b", "é", "a`", "a{", "a@", "a[", "a:", "a ", "<x>"}) {
            assertFalse(ChatCommand.isName(bad), bad);
        }
    }
}
