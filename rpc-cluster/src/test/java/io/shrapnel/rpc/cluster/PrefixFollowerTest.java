package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A prefix follower whose watch ends while etcd is down: it reads the prefix again once etcd is
 * back, or stops trying when it is closed. Against a real etcd, stopped and started by the test.
 */
class PrefixFollowerTest extends WithEtcd {
    /** Records the follower's view; a put of {@code /f/<case>/boom} stops etcd and then fails the sink. */
    static final class View implements PrefixFollower.Sink {
        final List<List<String>> resets = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void reset(List<Entry> entries) {
            resets.add(entries.stream().map(Entry::key).toList());
        }

        @Override
        public void onEvents(List<WatchEvent> batch) {
            for (WatchEvent e : batch) {
                events.add(e.entry().key() + (e.deleted() ? "-" : "+"));
                if (e.entry().key().endsWith("/boom")) {
                    offload(etcd::stop);
                    throw new IllegalStateException("the sink failed with etcd down");
                }
            }
        }
    }

    @Test
    void aWatchEndingWhileEtcdIsDownIsFollowedAgainOnceEtcdIsBack() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                c.put("/f/back/a", "1");
                View view = new View();
                PrefixFollower f = PrefixFollower.start(c, "/f/back/", view);
                assertEquals(List.of(List.of("/f/back/a")), view.resets);
                Watch first = f.watch();
                try {
                    c.put("/f/back/boom", "");
                    EtcdClientTest.await(() -> f.resyncs() == 1);
                    assertEquals(List.of("/f/back/boom+"), view.events);
                    assertEquals(1, view.resets.size()); // etcd is down: the read fails, and is tried again
                } finally {
                    offload(etcd::start);
                }
                EtcdClientTest.await(() -> view.resets.size() == 2);
                assertEquals(List.of("/f/back/a", "/f/back/boom"), view.resets.get(1));
                c.put("/f/back/after", "2");
                EtcdClientTest.await(() -> view.events.size() == 2);
                assertEquals(List.of("/f/back/boom+", "/f/back/after+"), view.events);
                assertEquals(1, f.resyncs());
                assertEquals(2, view.resets.size());
                assertTrue(first != f.watch(), "a new watch after the resync");
                int before = Coro.current().scheduler().liveCoros();
                f.close();
                assertEquals(before - 1, Coro.current().scheduler().liveCoros(), "the new watch's coro outlived close()");
            }
        });
    }

    @Test
    void closingStopsAResyncThatWaitsForEtcd() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                int before = Coro.current().scheduler().liveCoros();
                View view = new View();
                PrefixFollower f = PrefixFollower.start(c, "/f/closed/", view);
                try {
                    c.put("/f/closed/boom", "");
                    EtcdClientTest.await(() -> f.resyncs() == 1);
                    f.close(); // the resync coro waits between reads of a stopped etcd
                    assertEquals(before, Coro.current().scheduler().liveCoros(), "the resync outlived close()");
                } finally {
                    offload(etcd::start);
                }
                assertEquals(List.of(List.of()), view.resets);
            }
        });
    }

    private static final String EMPTY_RANGE = "{\"header\":{\"revision\":\"5\"}}";
    private static final String CANCELLED = "{\"result\":{\"header\":{\"revision\":\"5\"},\"canceled\":true,\"cancel_reason\":\"test\"}}\n";

    /**
     * A gateway whose first range read is answered (empty) and whose watches are cancelled at once:
     * the follower's resync then reads again, and each read after the first gets {@code later}
     * (null: no answer at all).
     */
    private static FakeGateway cancellingWatches(int[] reads, byte[] later) throws java.io.IOException {
        return FakeGateway.start(r -> {
            if (r.path().equals("/v3/watch")) {
                return FakeGateway.chunked(CANCELLED);
            }
            return reads[0]++ == 0 ? FakeGateway.answer(200, "OK", EMPTY_RANGE, false) : later;
        });
    }

    @Test
    void closingStopsAResyncWhoseReadEtcdDoesNotAnswer() throws Exception {
        inLoop(() -> {
            int before = Coro.current().scheduler().liveCoros();
            int[] reads = {0};
            try (FakeGateway gateway = cancellingWatches(reads, null);
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()), java.time.Duration.ofMinutes(2))) {
                View view = new View();
                PrefixFollower f = PrefixFollower.start(c, "/f/silent/", view);
                EtcdClientTest.await(() -> f.resyncs() == 1 && reads[0] == 2); // the resync's read waits for an answer
                f.close();
                assertEquals(before + 1, Coro.current().scheduler().liveCoros(), "the resync outlived close()"); // + the gateway
                assertEquals(List.of(List.of()), view.resets);
            }
        });
    }

    @Test
    void aResyncThatCannotReadWaitsLongerBetweenEachAttempt() throws Exception {
        inLoop(() -> {
            int[] reads = {0};
            byte[] refused = FakeGateway.answer(503, "Service Unavailable", "{\"error\":\"down\",\"code\":14}", false);
            try (FakeGateway gateway = cancellingWatches(reads, refused);
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                long started = System.nanoTime();
                PrefixFollower f = PrefixFollower.start(c, "/f/refused/", new View());
                EtcdClientTest.await(() -> reads[0] >= 3);
                Coro.sleep(java.time.Duration.ofSeconds(1));
                int attempts = reads[0] - 1;
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                f.close();
                // the resync's reads wait 100, 200, ... ms (doubling, then every second) between them
                assertTrue(attempts >= 2 && attempts <= WatchEdgesTest.attemptsWithin(elapsedMs, 100), attempts + " reads in " + elapsedMs + " ms");
                assertEquals(1, f.resyncs());
            }
        });
    }

    /** Runs {@code action} on a thread outside the loop (it blocks: a process started or killed). */
    static void offload(ThrowingRunnable action) {
        try {
            Coro.offload(() -> {
                action.run();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
