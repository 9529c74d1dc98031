package io.shrapnel.examples.chat;

/** What a connection's writer is told: a line to send, or to hang up once the lines before are sent. */
public sealed interface Out {
    record Line(String text) implements Out {}

    record Hangup() implements Out {}
}
