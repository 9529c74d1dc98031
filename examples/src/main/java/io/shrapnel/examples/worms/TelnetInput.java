package io.shrapnel.examples.worms;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a telnet client sends, split into keys and window sizes (NAWS, RFC 1073); every other
 * option negotiation is taken out. Subnegotiations longer than {@value #MAX_SUBNEGOTIATION} bytes are
 * dropped whole, so a hostile client cannot grow the buffer.
 *
 * <p>Threading: one coro feeds it.
 */
final class TelnetInput {
    static final int IAC = 255;
    static final int SE = 240;
    static final int SB = 250;
    static final int WILL = 251;
    static final int DONT = 254;
    static final int NAWS = 31;
    static final int MAX_SUBNEGOTIATION = 16;

    /** What the client sent. */
    sealed interface Event {}

    /** A key (a byte of data). */
    record Key(char key) implements Event {}

    /** The client's window is {@code cols} x {@code rows}. */
    record WindowSize(int cols, int rows) implements Event {}

    private enum State { DATA, IAC, OPTION, SUB, SUB_IAC }

    private State state = State.DATA;
    private final byte[] sub = new byte[MAX_SUBNEGOTIATION];
    private int subLength;
    private boolean subOverflow;

    /** Parses {@code n} bytes of {@code data}; the events they complete, in order. */
    List<Event> feed(byte[] data, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        state = State.IAC;
                    } else {
                        events.add(new Key((char) b));
                    }
                }
                case IAC -> {
                    if (b == IAC) {
                        events.add(new Key((char) b));
                        state = State.DATA;
                    } else if (b >= WILL && b <= DONT) {
                        state = State.OPTION;
                    } else if (b == SB) {
                        subLength = 0;
                        subOverflow = false;
                        state = State.SUB;
                    } else {
                        state = State.DATA; // a command without option: NOP, IP, AYT...
                    }
                }
                case OPTION -> state = State.DATA;
                case SUB -> {
                    if (b == IAC) {
                        state = State.SUB_IAC;
                    } else {
                        keep(b);
                    }
                }
                case SUB_IAC -> {
                    if (b == SE) {
                        state = State.DATA;
                        subnegotiation(events);
                    } else {
                        keep(b); // IAC IAC inside a subnegotiation is a 255 of data
                        state = State.SUB;
                    }
                }
            }
        }
        return events;
    }

    private void keep(int b) {
        if (subLength == sub.length) {
            subOverflow = true;
        } else {
            sub[subLength++] = (byte) b;
        }
    }

    private void subnegotiation(List<Event> events) {
        if (!subOverflow && subLength == 5 && sub[0] == NAWS) {
            int cols = (sub[1] & 0xff) << 8 | sub[2] & 0xff;
            int rows = (sub[3] & 0xff) << 8 | sub[4] & 0xff;
            events.add(new WindowSize(cols, rows));
        }
    }
}
