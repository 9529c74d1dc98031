package io.shrapnel.monitoring.internal.backdoor;

/** What {@link TelnetInput} makes of the bytes a client sends. */
public sealed interface TelnetEvent {
    /** A line of text, without its line end. */
    record Line(String text) implements TelnetEvent {}

    /** Ctrl-C: the byte 0x03, or telnet's Interrupt Process (IAC IP). */
    record Interrupt() implements TelnetEvent {}

    /** Ctrl-D on an empty line: the client is done. */
    record EndOfInput() implements TelnetEvent {}

    /** A line longer than the limit was thrown away. */
    record LineTooLong(int limit) implements TelnetEvent {}

    /** Bytes to send back: the answer to a telnet option negotiation. */
    record Reply(byte[] bytes) implements TelnetEvent {}
}
