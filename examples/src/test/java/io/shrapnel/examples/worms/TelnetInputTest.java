package io.shrapnel.examples.worms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TelnetInputTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** Feeds {@code data} in pieces of {@code piece} bytes. */
    private static List<TelnetInput.Event> feed(byte[] data, int piece) {
        TelnetInput in = new TelnetInput();
        List<TelnetInput.Event> events = new ArrayList<>();
        for (int i = 0; i < data.length; i += piece) {
            byte[] part = java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + piece));
            events.addAll(in.feed(part, part.length));
        }
        return events;
    }

    @Test
    void keysAndAWindowSizeWithNegotiationTakenOutCutAnywhere() {
        // IAC DO ECHO, IAC WILL NAWS, IAC SB NAWS 0 100 0 40 IAC SE, 'q', IAC NOP, IAC IAC, 'x'
        byte[] data = bytes(255, 253, 1, 'n', 255, 251, 31, 255, 250, 31, 0, 100, 0, 40, 255, 240, 'q', 255, 241, 255, 255, 'x');
        List<TelnetInput.Event> expected = List.of(new TelnetInput.Key('n'), new TelnetInput.WindowSize(100, 40),
                new TelnetInput.Key('q'), new TelnetInput.Key((char) 255), new TelnetInput.Key('x'));
        for (int piece = 1; piece <= data.length; piece++) {
            assertEquals(expected, feed(data, piece), "pieces of " + piece);
        }
    }

    @Test
    void aWindowSizeWithA255InItIsDoubledOnTheWire() {
        assertEquals(List.of(new TelnetInput.WindowSize(255, 256 + 255)),
                feed(bytes(255, 250, 31, 0, 255, 255, 1, 255, 255, 255, 240), 3));
    }

    @Test
    void everyNegotiationVerbTakesItsOptionOut() {
        assertEquals(List.of(new TelnetInput.Key('a'), new TelnetInput.Key('b'), new TelnetInput.Key('c'), new TelnetInput.Key('d')),
                feed(bytes(255, 251, 1, 'a', 255, 252, 1, 'b', 255, 253, 1, 'c', 255, 254, 1, 'd'), 3));
        assertEquals(List.of(new TelnetInput.Key((char) 1)), feed(bytes(255, 250 - 1, 1), 3)); // GA takes no option
    }

    @Test
    void wideWindowsUseBothBytes() {
        assertEquals(List.of(new TelnetInput.WindowSize(300, 260)), feed(bytes(255, 250, 31, 1, 44, 1, 4, 255, 240), 9));
    }

    @Test
    void onlyTheBytesGivenAreRead() {
        assertEquals(List.of(new TelnetInput.Key('a')), new TelnetInput().feed(new byte[] {'a', 'b'}, 1));
    }

    @Test
    void otherSubnegotiationsAndMalformedSizesAreDropped() {
        assertEquals(List.of(new TelnetInput.Key('k')), feed(bytes(255, 250, 24, 0, 'x', 't', 'e', 'r', 'm', 255, 240, 'k'), 4));
        assertEquals(List.of(), feed(bytes(255, 250, 31, 0, 100, 0, 255, 240), 8)); // too short
        assertEquals(List.of(), feed(bytes(255, 250, 31, 0, 100, 0, 40, 0, 255, 240), 8)); // too long
        assertEquals(List.of(), feed(bytes(255, 250, 32, 0, 100, 0, 40, 255, 240), 8)); // not NAWS
    }

    @Test
    void anEndlessSubnegotiationStaysWithinItsBufferAndIsDropped() {
        byte[] flood = new byte[100_000];
        flood[0] = (byte) 255;
        flood[1] = (byte) 250;
        flood[2] = 31;
        TelnetInput in = new TelnetInput();
        assertEquals(List.of(), in.feed(flood, flood.length));
        // NAWS 0 1 0 1 fits the first bytes, but the whole was too long: dropped; then keys again
        assertEquals(List.of(new TelnetInput.Key('z')), in.feed(bytes(255, 240, 'z'), 3));
        TelnetInput exact = new TelnetInput();
        byte[] sixteen = bytes(255, 250, 31, 0, 10, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 240);
        assertEquals(List.of(), exact.feed(sixteen, sixteen.length));
    }

    @Test
    void randomBytesNeverThrowAndKeysAreBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            for (TelnetInput.Event e : new TelnetInput().feed(data, data.length)) {
                if (e instanceof TelnetInput.Key k) {
                    assertTrue(k.key() < 256);
                }
            }
        }
    }
}
