package io.shrapnel.rpc.cluster;

import com.google.protobuf.ByteString;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.codecs.http.StreamedResponse;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.rpc.cluster.internal.Json;
import io.shrapnel.rpc.cluster.internal.JsonLines;
import io.shrapnel.rpc.cluster.internal.etcd.Event;
import io.shrapnel.rpc.cluster.internal.etcd.WatchCreateRequest;
import io.shrapnel.rpc.cluster.internal.etcd.WatchRequest;
import io.shrapnel.rpc.cluster.internal.etcd.WatchResponse;
import io.shrapnel.rpc.cluster.internal.etcd.WatchStreamMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A watch on a key range, read by its own coro from etcd's chunked {@code /v3/watch} stream (the
 * HTTP client's {@link io.shrapnel.codecs.http.HttpClient#stream streamed response}). When the stream
 * breaks (etcd restarted, a connection lost) the coro opens it again, on the next endpoint if the
 * last one cannot be reached, from the revision after the last event delivered: no event is lost or
 * repeated. Between attempts it waits 50 ms, doubling up to 1 s.
 *
 * <p>The watch asks etcd for progress notifications: etcd then sends, every
 * {@code --experimental-watch-progress-notify-interval} (10 min by default) while the range is quiet,
 * the revision up to which everything has been sent; the watch resumes from there after a break.
 * With {@link EtcdClient#watchLiveness(Duration)} set, a stream silent for longer (a half-open
 * connection, a frozen member) is given up and opened again.
 *
 * <p>Threading: the listener runs in the watch's coro; {@link #close()} from any coro of its loop.
 */
public final class Watch implements AutoCloseable {
    /** The largest JSON object accepted from the stream. */
    static final int MAX_OBJECT = 8 * 1024 * 1024;

    /** Receives a watch's changes. */
    public interface Listener {
        /** The changes of one revision or more, in order; {@code revision} is the last one. */
        void onEvents(List<WatchEvent> events, long revision) throws Exception;

        /**
         * The watch cannot go on: etcd compacted the revisions it needed ({@code compacted} true;
         * read the range again and watch anew) or it was cancelled by etcd.
         */
        default void onEnd(String reason, boolean compacted) {}

        /** The stream broke and is being opened again (for logs and tests). */
        default void onReconnect(URI endpoint, String error) {}

        /** etcd says every change up to {@code revision} has been sent (a progress notification). */
        default void onProgress(long revision) {}
    }

    private final EtcdClient client;
    private final ByteString key;
    private final ByteString rangeEnd;
    private final Listener listener;
    private long nextRevision;
    private int reconnects;
    private volatile boolean closed;
    private StreamedResponse stream;
    private Coro coro;

    private Watch(EtcdClient client, ByteString key, ByteString rangeEnd, long startRevision, Listener listener) {
        this.client = client;
        this.key = key;
        this.rangeEnd = rangeEnd;
        this.nextRevision = startRevision;
        this.listener = listener;
    }

    static Watch start(EtcdClient client, String prefix, ByteString rangeEnd, long startRevision, Listener listener) {
        Watch w = new Watch(client, EtcdClient.bytes(prefix), rangeEnd, startRevision, listener);
        w.coro = Coro.spawn("etcd-watch:" + prefix, w::run);
        return w;
    }

    /** How many times the stream was opened again. */
    public int reconnects() {
        return reconnects;
    }

    /** The revision the watch would start from if it were opened again now. */
    public long nextRevision() {
        return nextRevision;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(50);
        while (!closed) {
            URI endpoint = client.currentEndpoint();
            try {
                if (readStream(endpoint)) {
                    return;
                }
                backoff = Duration.ofMillis(50);
                listener.onReconnect(endpoint, "the stream ended");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                client.failedOver(endpoint);
                listener.onReconnect(endpoint, EtcdClient.describe(e));
            } catch (Interrupted e) {
                return;
            } catch (Exception e) {
                listener.onEnd("the listener failed: " + e, false);
                return;
            } finally {
                closeStream();
            }
            reconnects++;
            try {
                Coro.sleep(backoff);
            } catch (Interrupted e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : backoff.multipliedBy(2);
        }
    }

    /** Reads one stream to its end; true if the watch is over for good. */
    private boolean readStream(URI endpoint) throws Exception {
        WatchCreateRequest create = WatchCreateRequest.newBuilder().setKey(key).setRangeEnd(rangeEnd)
                .setStartRevision(nextRevision).setProgressNotify(true).build();
        stream = client.openStream(endpoint, "/v3/watch", Json.print(WatchRequest.newBuilder().setCreateRequest(create).build()));
        JsonLines lines = new JsonLines(stream.body(), MAX_OBJECT);
        for (String line; (line = nextLine(lines)) != null; ) {
            WatchStreamMessage m = Json.parse(line, WatchStreamMessage.newBuilder()).build();
            if (m.hasError()) {
                throw new IOException("the watch stream failed: " + m.getError().getMessage());
            }
            WatchResponse r = m.getResult();
            if (r.getCompactRevision() != 0) {
                listener.onEnd("etcd compacted the revisions before " + r.getCompactRevision() + " (needed " + nextRevision + ")", true);
                return true;
            }
            if (r.getCanceled()) {
                listener.onEnd("etcd cancelled the watch: " + r.getCancelReason(), false);
                return true;
            }
            if (r.getCreated()) {
                if (nextRevision == 0) {
                    nextRevision = r.getHeader().getRevision() + 1;
                }
            } else if (r.getEventsCount() == 0) {
                progress(r.getHeader().getRevision());
            }
            deliver(r);
        }
        return false;
    }

    /** The next object of the stream, waiting at most the client's watch liveness limit. */
    private String nextLine(JsonLines lines) throws Exception {
        Duration silence = client.watchLiveness();
        if (silence == null) {
            return lines.next();
        }
        try {
            return io.shrapnel.kernel.Coro.withTimeout(silence, lines::next);
        } catch (TimeoutError e) {
            throw new IOException("no event or progress notification for " + silence.toMillis() + " ms");
        }
    }

    /** A progress notification: everything up to {@code revision} has been sent. */
    private void progress(long revision) {
        if (revision + 1 > nextRevision) {
            nextRevision = revision + 1;
        }
        listener.onProgress(revision);
    }

    private void deliver(WatchResponse r) throws Exception {
        if (r.getEventsCount() == 0) {
            return;
        }
        List<WatchEvent> events = new ArrayList<>(r.getEventsCount());
        long last = 0;
        for (Event e : r.getEventsList()) {
            long rev = e.getKv().getModRevision();
            if (rev < nextRevision) {
                continue; // already delivered before a reconnect
            }
            events.add(new WatchEvent(e.getType() == Event.EventType.DELETE, EtcdClient.entry(e.getKv())));
            last = rev;
        }
        if (!events.isEmpty()) {
            nextRevision = last + 1;
            listener.onEvents(List.copyOf(events), last);
        }
    }

    private void closeStream() {
        StreamedResponse s = stream;
        stream = null;
        if (s != null) {
            s.close();
        }
    }

    /** Stops the watch; called from another coro, it returns once the watch's coro has ended. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeStream();
        }
        if (coro != null && !coro.isDead() && coro != Coro.current()) {
            coro.raiseException(new Interrupted(), true); // cancels it if it has not run yet
            coro.join();
        }
    }
}
