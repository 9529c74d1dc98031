package io.shrapnel.examples.chat;

import io.shrapnel.codecs.http.Handler;
import io.shrapnel.codecs.http.WebSocket;
import io.shrapnel.codecs.http.WsMessage;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Chat over a WebSocket: each text message is one line, held to the telnet side's bound. The
 * connection's coro reads; a writer actor sends. The session waits for its writer to finish before
 * returning, because the HTTP server closes the connection when the handler returns.
 */
public final class WebChat {
    private WebChat() {}

    /** The {@code GET /chat} handler. */
    public static Handler endpoint() {
        return WebSocket.endpoint(WebChat::session);
    }

    static void session(WebSocket ws) {
        ActorRef<Out> out = Writer.spawn("chat-ws-writer", new Writer.Sink() {
            @Override
            public void write(String line) throws IOException {
                ws.send(line);
            }

            @Override
            public void close() throws IOException {
                if (ws.isOpen()) {
                    ws.close(1000, "bye");
                }
            }
        });
        Inbox<Object> me = Actors.inbox();
        me.monitor(out, down -> down);
        ChatSession.run(() -> next(ws), out);
        me.receive(Down.class);
    }

    static String next(WebSocket ws) throws IOException {
        WsMessage m = ws.receive();
        if (m == null) {
            return null;
        }
        String text = m.asText();
        if (text.getBytes(StandardCharsets.UTF_8).length > TelnetChat.MAX_LINE) {
            throw new LineReader.BadLine("line longer than " + TelnetChat.MAX_LINE + " bytes");
        }
        return text;
    }
}
