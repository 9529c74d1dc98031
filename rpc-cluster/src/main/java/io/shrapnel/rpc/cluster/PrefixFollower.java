package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Keeps a view of every key under a prefix: reads them all, then watches from the next revision.
 * When the watch cannot go on (etcd compacted the revisions it needs, or cancelled it) the keys are
 * read again, the view is reset to them, and a new watch starts from there; a read that fails (etcd
 * unreachable) is retried every 100 ms to 1 s until it works or the follower is closed.
 *
 * <p>Threading: made in a coro; the sink runs in coros of that loop, one call at a time.
 */
final class PrefixFollower implements AutoCloseable {
    /** Receives the view. */
    interface Sink {
        /** Every key under the prefix now (first, then after each resync). */
        void reset(List<Entry> entries);

        /** Changes after the last reset, in order. */
        void onEvents(List<WatchEvent> events);
    }

    private final EtcdClient etcd;
    private final String prefix;
    private final Sink sink;
    private Watch watch;
    private Coro resyncing;
    private int resyncs;
    private boolean closed;

    private PrefixFollower(EtcdClient etcd, String prefix, Sink sink) {
        this.etcd = etcd;
        this.prefix = prefix;
        this.sink = sink;
    }

    /** Reads the prefix (the sink's first reset) and starts watching it. */
    static PrefixFollower start(EtcdClient etcd, String prefix, Sink sink) throws IOException {
        PrefixFollower f = new PrefixFollower(etcd, prefix, sink);
        f.follow(etcd.rangePrefix(prefix));
        return f;
    }

    private void follow(Range now) {
        sink.reset(now.entries());
        watch = etcd.watchPrefix(prefix, now.revision() + 1, new Watch.Listener() {
            @Override
            public void onEvents(List<WatchEvent> events, long revision) {
                sink.onEvents(events);
            }

            @Override
            public void onEnd(String reason, boolean compacted) {
                resync();
            }
        });
    }

    /** Reads the prefix again and watches anew (in a coro of its own: the old watch's coro is ending). */
    private void resync() {
        resyncs++;
        resyncing = Coro.spawn("etcd-resync:" + prefix, () -> {
            watch.close();
            Duration backoff = Duration.ofMillis(100);
            while (!closed) {
                try {
                    follow(etcd.rangePrefix(prefix));
                    return;
                } catch (IOException e) {
                    Coro.sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : backoff.multipliedBy(2);
                } catch (Interrupted e) {
                    return;
                }
            }
        });
    }

    /** How many times the view was read again after its watch ended. */
    int resyncs() {
        return resyncs;
    }

    /** The watch now (it changes at each resync). */
    Watch watch() {
        return watch;
    }

    /** Stops the watch (and a resync under way). */
    @Override
    public void close() {
        closed = true;
        Coro r = resyncing;
        if (r != null && !r.isDead() && r != Coro.current()) {
            r.raiseException(new Interrupted(), true);
            r.join();
        }
        watch.close();
    }
}
