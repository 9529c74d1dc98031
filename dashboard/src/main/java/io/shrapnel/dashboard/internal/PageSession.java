package io.shrapnel.dashboard.internal;

import io.shrapnel.codecs.http.WebSocket;
import io.shrapnel.codecs.http.WsMessage;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import java.io.IOException;
import java.util.List;

/**
 * One open page: its WebSocket gets the history once, then the newest snapshot after each sample.
 *
 * <p>The page may send two things: the text {@code refresh} (the newest snapshot again, at once), and
 * {@code view <name>} with one of {@link PageViews#NAMES} (the view it shows: the snapshots then carry
 * the tables that view needs). Anything else ends the session: binary data with 1003, other text with 1008; frames that break
 * the protocol, and messages over the server's limit, are closed by {@link WebSocket} itself.
 *
 * <p>Threading: two coros of the dashboard's loop: this one writes (the only one that sends), a
 * reader coro receives and tells it what came through the session's fifo.
 */
public final class PageSession {
    /** Signals in the fifo besides snapshots; compared by identity. */
    static final String REFRESH = new String("refresh");
    static final String ENDED = new String("ended");
    static final String BINARY = new String("binary");
    static final String UNEXPECTED = new String("unexpected");

    private final WebSocket ws;
    private final Sampler sampler;

    public PageSession(WebSocket ws, Sampler sampler) {
        this.ws = ws;
        this.sampler = sampler;
    }

    /** Runs until the page goes or misbehaves. */
    public void run() throws IOException {
        Fifo<String> inbox = sampler.subscribe();
        Coro reader = Coro.spawn("dashboard-page-in", () -> read(inbox));
        try {
            ws.send(sampler.history());
            if (sampler.latest() != null) {
                ws.send(sampler.latest());
            }
            while (true) {
                List<String> items = inbox.popAll();
                String stop = firstSignal(items);
                if (stop == ENDED) {
                    return;
                }
                if (stop == BINARY) {
                    ws.close(1003, "the dashboard takes no binary messages");
                    return;
                }
                if (stop == UNEXPECTED) {
                    ws.close(1008, "the dashboard takes only the texts \"refresh\" and \"view <name>\"");
                    return;
                }
                String latest = sampler.latest();
                if (latest != null) {
                    ws.send(latest);
                }
            }
        } finally {
            sampler.unsubscribe(inbox);
            if (!reader.isDead()) {
                reader.shutdown();
            }
        }
    }

    /** The first signal among {@code items} that ends the session, or null. */
    private static String firstSignal(List<String> items) {
        for (String s : items) {
            if (s == ENDED || s == BINARY || s == UNEXPECTED) {
                return s;
            }
        }
        return null;
    }

    private void read(Fifo<String> inbox) {
        WsMessage m;
        while ((m = receive()) != null) {
            switch (m) {
                case WsMessage.Text t when t.text().equals("refresh") -> inbox.push(REFRESH);
                case WsMessage.Text t when t.text().startsWith("view ") && PageViews.NAMES.contains(t.text().substring(5)) ->
                        sampler.showing(inbox, t.text().substring(5));
                case WsMessage.Text t -> {
                    inbox.push(UNEXPECTED);
                    return;
                }
                case WsMessage.Binary b -> {
                    inbox.push(BINARY);
                    return;
                }
            }
        }
        inbox.push(ENDED);
    }

    /** The next message, or null once the connection is closed or lost. */
    private WsMessage receive() {
        try {
            return ws.receive();
        } catch (IOException lost) {
            return null;
        }
    }
}
