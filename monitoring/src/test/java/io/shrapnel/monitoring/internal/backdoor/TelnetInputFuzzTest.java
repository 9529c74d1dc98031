package io.shrapnel.monitoring.internal.backdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Generated input for the backdoor's telnet parser: what a hostile client could send, cut into
 * reads at random places. Bounded tries; jqwik replays a failed seed first next time
 * (target/jqwik-database), and inputs that ever failed stay below as {@code @Example}s.
 */
class TelnetInputFuzzTest {
    private static final int MAX_LINE = 32;

    @Provide
    Arbitrary<byte[]> telnet() {
        Arbitrary<byte[]> piece = Arbitraries.of(
                bytes(255, 253, 1), bytes(255, 251, 31), bytes(255, 244), bytes(255, 253, 6), bytes(255, 250, 31, 0, 80),
                bytes(255, 240), bytes(255, 255), bytes(255), bytes(13), bytes(10), bytes(13, 0), bytes(3), bytes(4),
                "hello".getBytes(StandardCharsets.UTF_8), "\u00e9\u20ac".getBytes(StandardCharsets.UTF_8),
                bytes(0xc3), bytes(0x80), "x".repeat(40).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> joined = piece.list().ofMaxSize(50).map(l -> {
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
            l.forEach(o::writeBytes);
            return o.toByteArray();
        });
        return Arbitraries.oneOf(joined, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static List<String> parse(byte[] wire, int cut) {
        List<String> events = new ArrayList<>();
        TelnetInput in = new TelnetInput(MAX_LINE, e -> events.add(switch (e) {
            case TelnetEvent.Line l -> "line:" + l.text();
            case TelnetEvent.Reply r -> "reply:" + Arrays.toString(r.bytes());
            default -> e.toString();
        }));
        for (int i = 0; i < wire.length; i += cut) {
            in.feed(wire, i, Math.min(cut, wire.length - i));
        }
        return events;
    }

    @Property(tries = 500)
    void anyInputCutAnywhereGivesTheSameBoundedEvents(@ForAll("telnet") byte[] wire, @ForAll @IntRange(min = 1, max = 9) int cut) {
        List<String> whole = parse(wire, Math.max(1, wire.length));
        assertEquals(whole, parse(wire, cut), "the same events however the reads cut it");
        long interrupts = whole.stream().filter(e -> e.startsWith("Interrupt")).count();
        long replies = whole.stream().filter(e -> e.startsWith("reply:")).count();
        assertTrue(replies <= 2 * 256 + interrupts + 1, replies + " replies");
        for (String e : whole) {
            if (e.startsWith("line:")) {
                assertTrue(e.getBytes(StandardCharsets.UTF_8).length - 5 <= 3 * MAX_LINE, e);
            }
        }
    }

    @Example
    void anIacAtTheVeryEndWaitsForItsCommand() {
        anyInputCutAnywhereGivesTheSameBoundedEvents(bytes('a', 255), 1);
    }
}
