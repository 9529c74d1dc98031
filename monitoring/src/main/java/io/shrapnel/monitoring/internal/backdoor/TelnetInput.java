package io.shrapnel.monitoring.internal.backdoor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Turns what a client sends into lines and keys, whether it is {@code nc}, {@code socat} or a telnet
 * client in line mode: telnet commands are taken out (option negotiations are refused, except the
 * timing mark a telnet client sends with Ctrl-C, which it waits for; each answered once, see
 * {@link #negotiate}), lines end at CR LF, CR NUL, CR
 * or LF, Ctrl-C interrupts, Ctrl-D on an empty line ends the input, other control bytes are dropped,
 * and text is decoded as UTF-8 (malformed bytes become U+FFFD).
 *
 * <p>Input is untrusted: sequences may be cut anywhere between reads (the state carries over), a
 * line longer than the limit is dropped whole and reported once, and subnegotiations are skipped
 * without being stored, so no input can make this buffer more than one line.
 *
 * <p>Threading: one reader at a time (the session's reader coro).
 */
public final class TelnetInput {
    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int IP = 244;
    static final int SE = 240;
    static final int TIMING_MARK = 6;

    private enum State { DATA, CR, IAC, OPTION, SUB, SUB_IAC }

    private final int maxLine;
    private final Consumer<TelnetEvent> events;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    /** Options already refused, by verb: each is answered once (RFC 854's rule against loops). */
    private final boolean[] answeredDo = new boolean[256];
    private final boolean[] answeredWill = new boolean[256];
    /** A timing mark is answered once after each interrupt (and the first time). */
    private boolean timingMarkDue = true;
    private State state = State.DATA;
    private int command;
    private boolean discarding;

    public TelnetInput(int maxLine, Consumer<TelnetEvent> events) {
        this.maxLine = maxLine;
        this.events = events;
    }

    public void feed(byte[] data, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int b = data[i] & 0xff;
            switch (state) {
                case DATA -> data(b);
                case CR -> {
                    state = State.DATA;
                    if (b != '\n' && b != 0) {
                        data(b); // a lone CR ended the line; this byte starts the next
                    }
                }
                case IAC -> command(b);
                case OPTION -> {
                    state = State.DATA;
                    negotiate(command, b);
                }
                case SUB -> {
                    if (b == IAC) {
                        state = State.SUB_IAC;
                    }
                }
                case SUB_IAC -> state = b == SE ? State.DATA : State.SUB;
            }
        }
    }

    private void data(int b) {
        switch (b) {
            case IAC -> state = State.IAC;
            case '\r' -> {
                endLine();
                state = State.CR;
            }
            case '\n' -> endLine();
            case 0x03 -> interrupt();
            case 0x04 -> {
                if (line.size() == 0 && !discarding) {
                    events.accept(new TelnetEvent.EndOfInput());
                }
            }
            default -> {
                if (b < 0x20 && b != '\t') {
                    return; // other control keys mean nothing to a line-mode REPL
                }
                append(b);
            }
        }
    }

    private void command(int b) {
        state = State.DATA;
        switch (b) {
            case IAC -> append(IAC); // an escaped 0xFF data byte
            case IP -> interrupt();
            case WILL, WONT, DO, DONT -> {
                command = b;
                state = State.OPTION;
            }
            case SB -> state = State.SUB;
            default -> { } // NOP, AYT, GA, BRK...: nothing to do in line mode
        }
    }

    /**
     * Refuses every option, but confirms a timing mark (telnet discards output until it comes). The
     * answers are bounded by what a client can ask for, not by how often it asks: each option is
     * refused once per verb, and a timing mark is confirmed once per interrupt, so a client that
     * floods negotiations and never reads gets at most a few hundred bytes back.
     */
    private void negotiate(int verb, int option) {
        int answer;
        if (verb == DO && option == TIMING_MARK) {
            if (!timingMarkDue) {
                return;
            }
            timingMarkDue = false;
            answer = WILL;
        } else if (verb == DO) {
            if (answeredDo[option]) {
                return;
            }
            answeredDo[option] = true;
            answer = WONT;
        } else if (verb == WILL) {
            if (answeredWill[option]) {
                return;
            }
            answeredWill[option] = true;
            answer = DONT;
        } else {
            return; // WONT and DONT need no answer when we never agreed to anything
        }
        events.accept(new TelnetEvent.Reply(new byte[] {(byte) IAC, (byte) answer, (byte) option}));
    }

    private void append(int b) {
        if (discarding) {
            return;
        }
        if (line.size() >= maxLine) {
            discarding = true;
            line.reset();
            events.accept(new TelnetEvent.LineTooLong(maxLine));
            return;
        }
        line.write(b);
    }

    private void endLine() {
        if (discarding) {
            discarding = false;
            return;
        }
        events.accept(new TelnetEvent.Line(line.toString(UTF_8)));
        line.reset();
    }

    private void interrupt() {
        timingMarkDue = true;
        line.reset();
        discarding = false;
        events.accept(new TelnetEvent.Interrupt());
    }
}
