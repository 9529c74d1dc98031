package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A watch's edges against a real etcd: where it starts (revision 0, a past revision), a range etcd
 * refuses, a listener that fails, and {@link Watch#close()} waiting for the watch's coro.
 */
class WatchEdgesTest extends WithEtcd {
    @Test
    void aWatchFromAPastRevisionReplaysWhatCameAfterIt() throws Exception {
        inLoop(() -> {
            WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long first = c.put("/past/a", "1");
                c.put("/past/b", "2");
                c.delete("/past/a");
                try (Watch w = c.watchPrefix("/past/", first, rec)) {
                    long later = c.put("/past/c", "3");
                    EtcdClientTest.await(() -> rec.events.contains("/past/c+"));
                    assertEquals(List.of("/past/a+", "/past/b+", "/past/a-", "/past/c+"), rec.events);
                    assertEquals(later + 1, w.nextRevision());
                }
            }
        });
    }

    @Test
    void aWatchFromRevisionZeroStartsAfterEtcdsRevisionAtItsCreation() throws Exception {
        inLoop(() -> {
            WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long now = c.put("/zero/before", "1");
                try (Watch w = c.watchPrefix("/zero/", 0, rec)) {
                    assertEquals(0, w.nextRevision()); // its coro has not run yet
                    EtcdClientTest.await(() -> w.nextRevision() != 0); // created
                    assertEquals(now + 1, w.nextRevision());
                    long after = c.put("/zero/after", "2");
                    EtcdClientTest.await(() -> !rec.events.isEmpty());
                    assertEquals(List.of("/zero/after+"), rec.events);
                    assertEquals(after + 1, w.nextRevision());
                    assertEquals(List.of(), rec.ends);
                }
            }
        });
    }

    @Test
    void aWatchWhoseEndpointIsDownMovesToTheNextOne() throws Exception {
        int dead = EtcdServer.freePort();
        inLoop(() -> {
            WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:" + dead, etcd.endpoint()));
                    Watch w = c.watchPrefix("/moved/", 0, rec)) { // the watch is this client's first request
                EtcdClientTest.await(() -> w.nextRevision() != 0); // created, on the second endpoint
                assertEquals(etcd.endpoint(), c.currentEndpoint().toString());
                assertEquals(1, rec.reconnects.size(), rec.reconnects.toString());
                assertEquals(1, w.reconnects());
            }
        });
    }

    @Test
    void aWatchThatCannotConnectWaitsLongerBetweenEachAttempt() throws Exception {
        int dead = EtcdServer.freePort();
        inLoop(() -> {
            WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:" + dead))) {
                long started = System.nanoTime();
                Watch w = c.watchPrefix("/nowhere/", 0, rec);
                EtcdClientTest.await(() -> !rec.reconnects.isEmpty());
                Coro.sleep(java.time.Duration.ofSeconds(1));
                int attempts = w.reconnects();
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                w.close();
                assertTrue(attempts >= 1 && attempts <= attemptsWithin(elapsedMs, 50), attempts + " attempts in " + elapsedMs + " ms");
                assertEquals(0, w.nextRevision());
            }
        });
    }

    /**
     * How many attempts fit in {@code elapsedMs} at most when the n-th comes no sooner than
     * {@code firstWaitMs} + 2 * {@code firstWaitMs} + ... ms (doubling, then every second) after the
     * first: an upper bound that a slow machine can only make looser.
     */
    static int attemptsWithin(long elapsedMs, long firstWaitMs) {
        int allowed = 0;
        for (long at = 0, wait = firstWaitMs; at <= elapsedMs; at += wait, wait = Math.min(2 * wait, 1000)) {
            allowed++;
        }
        return allowed;
    }

    /**
     * A gateway (a fake one, a coro on loopback) that answers each watch with its "created" message and
     * then ends the response with the last chunk: the watch opens the stream again from the revision
     * after the one it was created at.
     */
    @Test
    void aStreamThatEndsIsOpenedAgainFromWhereItWas() throws Exception {
        inLoop(() -> {
            String created = "{\"result\":{\"header\":{\"revision\":\"7\"},\"created\":true}}\n";
            try (FakeGateway gateway = FakeGateway.start(r -> FakeGateway.chunked(created))) {
                WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
                try (EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()));
                        Watch w = c.watchPrefix("/ends/", 0, rec)) {
                    EtcdClientTest.await(() -> rec.reconnects.size() >= 2);
                    assertEquals("the stream ended", rec.reconnects.get(0));
                    assertEquals(8, w.nextRevision());
                    String second = gateway.requests.get(1).body();
                    assertTrue(second.contains("\"start_revision\":\"8\""), second);
                    assertEquals(List.of(), rec.ends);
                }
            }
        });
    }

    @Test
    void aRangeEtcdRefusesEndsTheWatchAsCancelled() throws Exception {
        inLoop(() -> {
            WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints());
                    Watch w = Watch.start(c, "/z", EtcdClient.bytes("/a"), 0, rec)) { // the end before the key
                EtcdClientTest.await(() -> !rec.ends.isEmpty());
                assertTrue(rec.ends.get(0).startsWith("false etcd cancelled the watch: "), rec.ends.toString());
                assertEquals(1, rec.ends.size());
                assertEquals(0, w.reconnects());
            }
        });
    }

    @Test
    void aListenerThatFailsEndsTheWatch() throws Exception {
        inLoop(() -> {
            List<String> ends = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/fail/start", "") + 1;
                int before = Coro.current().scheduler().liveCoros();
                Watch w = c.watchPrefix("/fail/k/", start, new Watch.Listener() {
                    @Override
                    public void onEvents(List<WatchEvent> events, long revision) {
                        events.forEach(e -> seen.add(e.entry().key()));
                        throw new IllegalStateException("listener broke");
                    }

                    @Override
                    public void onEnd(String reason, boolean compacted) {
                        ends.add(compacted + " " + reason);
                    }
                });
                c.put("/fail/k/1", "v");
                EtcdClientTest.await(() -> !ends.isEmpty());
                assertEquals(List.of("false the listener failed: java.lang.IllegalStateException: listener broke"), ends);
                EtcdClientTest.await(() -> Coro.current().scheduler().liveCoros() == before); // the watch's coro ended
                c.put("/fail/k/2", "v");
                assertEquals(List.of("/fail/k/1"), seen);
                assertEquals(0, w.reconnects());
                w.close();
            }
        });
    }

    @Test
    void closeReturnsOnceTheWatchsCoroHasEnded() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/close/start", "") + 1;
                int before = Coro.current().scheduler().liveCoros();
                WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
                Watch w = c.watchPrefix("/close/k/", start, rec);
                c.put("/close/k/1", "v");
                EtcdClientTest.await(() -> rec.events.size() == 1);
                assertEquals(before + 1, Coro.current().scheduler().liveCoros());
                w.close();
                assertEquals(before, Coro.current().scheduler().liveCoros(), "the watch's coro outlived close()");
                w.close(); // again: nothing
                assertEquals(List.of(), rec.ends);
                assertEquals(List.of(), rec.reconnects);
            }
        });
    }

    @Test
    void aWatchClosedByItsOwnListenerStops() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/own/start", "") + 1;
                int before = Coro.current().scheduler().liveCoros();
                List<String> seen = new ArrayList<>();
                Watch[] self = new Watch[1];
                self[0] = c.watchPrefix("/own/k/", start, (events, revision) -> {
                    events.forEach(e -> seen.add(e.entry().key()));
                    self[0].close(); // from the watch's own coro: it returns at once, and the watch ends
                });
                c.put("/own/k/1", "v");
                EtcdClientTest.await(() -> Coro.current().scheduler().liveCoros() == before); // the watch's coro ended
                c.put("/own/k/2", "v");
                assertEquals(List.of("/own/k/1"), seen);
                assertEquals(0, self[0].reconnects());
            }
        });
    }

    @Test
    void closingAWatchClosesItsStreamsConnection() throws Exception {
        inLoop(() -> {
            long before = TcpSock.stats().open();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/conn/start", "") + 1;
                long kept = TcpSock.stats().open(); // the put's kept-alive connection
                WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
                Watch w = c.watchPrefix("/conn/k/", start, rec);
                c.put("/conn/k/1", "v");
                EtcdClientTest.await(() -> rec.events.size() == 1);
                assertEquals(kept + 1, TcpSock.stats().open(), "the stream's connection");
                w.close();
                assertEquals(kept, TcpSock.stats().open(), "the stream's connection outlived the watch");
            }
            assertEquals(before, TcpSock.stats().open());
        });
    }

    @Test
    void closingAWatchWhoseStreamIsNotAnsweredYetReturns() throws Exception {
        inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> null);
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()), java.time.Duration.ofMinutes(2))) {
                int before = Coro.current().scheduler().liveCoros();
                WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
                Watch w = c.watchPrefix("/unanswered/", 0, rec);
                EtcdClientTest.await(() -> gateway.requests.size() == 1); // its stream asked for, and no answer
                w.close(); // stops the wait for the answer, which would last the client's 2 minutes
                assertEquals(before, Coro.current().scheduler().liveCoros(), "the watch's coro outlived close()");
                assertEquals(List.of(), rec.reconnects);
                assertEquals(List.of(), rec.ends);
            }
        });
    }

    @Test
    void aWatchClosedBeforeItsCoroRanNeverOpensAStream() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                int before = Coro.current().scheduler().liveCoros();
                WatchProgressTest.Recorder rec = new WatchProgressTest.Recorder();
                Watch w = c.watchPrefix("/never/", 0, rec);
                w.close();
                assertEquals(before, Coro.current().scheduler().liveCoros());
                assertEquals(0, w.nextRevision());
                assertEquals(0, c.idleConnections());
            }
        });
    }
}
