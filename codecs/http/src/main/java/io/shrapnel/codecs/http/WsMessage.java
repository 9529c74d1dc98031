package io.shrapnel.codecs.http;

import java.nio.charset.StandardCharsets;

/** A whole WebSocket message, its fragments joined. */
public sealed interface WsMessage {
    /** A text message (valid UTF-8 on the wire). */
    record Text(String text) implements WsMessage {}

    /** A binary message. */
    record Binary(byte[] data) implements WsMessage {
        @Override
        public String toString() {
            return "Binary[" + data.length + " bytes]";
        }
    }

    /** The message as text (a binary one decoded as UTF-8). */
    default String asText() {
        return switch (this) {
            case Text t -> t.text();
            case Binary b -> new String(b.data(), StandardCharsets.UTF_8);
        };
    }
}
