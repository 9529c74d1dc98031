package io.shrapnel.monitoring.internal.backdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line and key parser facing the network: what nc, socat and telnet send, and what a hostile client could. */
class TelnetInputTest {
    private final List<TelnetEvent> events = new ArrayList<>();
    private final TelnetInput input = new TelnetInput(16, events::add);

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private void feed(byte[] b) {
        input.feed(b, 0, b.length);
    }

    /** Feeds one byte at a time: every sequence cut at every place. */
    private void feedByteByByte(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            input.feed(b, i, 1);
        }
    }

    private List<String> lines() {
        return events.stream().filter(e -> e instanceof TelnetEvent.Line).map(e -> ((TelnetEvent.Line) e).text()).toList();
    }

    @Test
    void linesEndAtLfCrLfCrNulAndALoneCr() {
        feed("a\nb\r\nc\r\0d\re\n".getBytes());
        assertEquals(List.of("a", "b", "c", "d", "e"), lines());
    }

    @Test
    void telnetNegotiationIsTakenOutAndRefusedEvenWhenCutBetweenReads() {
        // IAC DO ECHO, IAC WILL NAWS, "hi", IAC SB NAWS 0 80 0 24 IAC SE, CR LF
        feedByteByByte(hex("fffd01 fffb1f 6869 fffa1f00500018fff0 0d0a"));
        assertEquals(List.of("hi"), lines());
        List<byte[]> replies = events.stream().filter(e -> e instanceof TelnetEvent.Reply)
                .map(e -> ((TelnetEvent.Reply) e).bytes()).toList();
        assertEquals(2, replies.size());
        assertArrayEquals(hex("fffc01"), replies.get(0), "WONT ECHO");
        assertArrayEquals(hex("fffe1f"), replies.get(1), "DONT NAWS");
    }

    @Test
    void ctrlCAndTelnetInterruptProcessDropTheLineAndInterrupt() {
        feed("half a li".getBytes());
        feed(new byte[] {3});
        feed("x".getBytes());
        feed(hex("fff4 fffd06")); // IAC IP, IAC DO TIMING-MARK: what telnet sends for Ctrl-C
        feed("ok\n".getBytes());
        assertEquals(List.of("ok"), lines());
        assertEquals(2, events.stream().filter(e -> e instanceof TelnetEvent.Interrupt).count());
        assertTrue(events.stream().anyMatch(e -> e instanceof TelnetEvent.Reply r
                && java.util.Arrays.equals(r.bytes(), hex("fffb06"))), "the timing mark is confirmed: " + events);
    }

    private List<String> replies() {
        return events.stream().filter(e -> e instanceof TelnetEvent.Reply)
                .map(e -> HexFormat.of().formatHex(((TelnetEvent.Reply) e).bytes())).toList();
    }

    @Test
    void aFloodOfNegotiationsIsAnsweredOncePerOptionAndVerb() {
        for (int i = 0; i < 1000; i++) {
            feed(hex("fffd01 fffb1f fffd01 fffe01 fffc1f")); // DO ECHO, WILL NAWS, DO ECHO, DONT, WONT
        }
        assertEquals(List.of("fffc01", "fffe1f"), replies());
        feed(hex("fffd1f fffb01")); // the other verb of each option is a new question
        assertEquals(List.of("fffc01", "fffe1f", "fffc1f", "fffe01"), replies());
    }

    @Test
    void aTimingMarkIsConfirmedOncePerInterrupt() {
        feed(hex("fffd06 fffd06 fffd06"));
        assertEquals(List.of("fffb06"), replies(), "the first one, then none until an interrupt");
        feed(hex("fff4 fffd06 fffd06"));
        feed(new byte[] {3});
        feed(hex("fffd06"));
        assertEquals(List.of("fffb06", "fffb06", "fffb06"), replies());
    }

    @Test
    void ctrlDEndsInputOnlyOnAnEmptyLine() {
        feed("abc\u0004\n".getBytes());
        assertEquals(List.of("abc"), lines());
        assertTrue(events.stream().noneMatch(e -> e instanceof TelnetEvent.EndOfInput));
        feed(new byte[] {4});
        assertTrue(events.get(events.size() - 1) instanceof TelnetEvent.EndOfInput);
    }

    @Test
    void anOversizedLineIsDroppedWholeAndReportedOnce() {
        feed("0123456789abcdefOVERFLOW-and-more-and-more\nnext\n".getBytes());
        assertEquals(List.of("next"), lines());
        assertEquals(1, events.stream().filter(e -> e instanceof TelnetEvent.LineTooLong).count());
    }

    @Test
    void anEndlessSubnegotiationStoresNothingAndEndsAtSe() {
        byte[] flood = new byte[100_000];
        java.util.Arrays.fill(flood, (byte) 'A');
        feed(hex("fffa18"));
        feed(flood);
        feed(hex("ff ff")); // an escaped 255 inside the subnegotiation is still inside it
        feed(flood);
        feed(hex("fff0"));
        feed("after\n".getBytes());
        assertEquals(List.of("after"), lines());
    }

    @Test
    void escapedIacIsADataByteAndMalformedUtf8BecomesReplacementCharacters() {
        feed(hex("61 ffff 62 c3 0a")); // a, 0xFF (escaped), b, a cut UTF-8 sequence
        assertEquals(List.of("a\uFFFDb\uFFFD"), lines());
        events.clear();
        feed("caf\u00e9 \u2603\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("caf\u00e9 \u2603"), lines());
    }

    @Test
    void otherControlBytesAreDroppedButTabsKept() {
        feed("a\u0001\u0007b\tc\u001b[A\n".getBytes());
        assertEquals(List.of("ab\tc[A"), lines());
    }
}
