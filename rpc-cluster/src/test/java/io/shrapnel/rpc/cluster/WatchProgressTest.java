package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.rpc.ActorNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Progress notifications, a silent stream given up, and compaction under a watch, against a real
 * etcd that sends progress notifications every 300 ms.
 */
@ExtendWith(PitMinionLifecycle.class)
class WatchProgressTest {
    static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.launch("--experimental-watch-progress-notify-interval=300ms");
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    /** Records what a watch says. */
    static final class Recorder implements Watch.Listener {
        final List<String> events = new ArrayList<>();
        final List<Long> progress = new ArrayList<>();
        final List<String> reconnects = new ArrayList<>();
        final List<String> ends = new ArrayList<>();

        @Override
        public void onEvents(List<WatchEvent> batch, long revision) {
            batch.forEach(e -> events.add(e.entry().key() + (e.deleted() ? "-" : "+")));
        }

        @Override
        public void onProgress(long revision) {
            progress.add(revision);
        }

        @Override
        public void onReconnect(URI endpoint, String error) {
            reconnects.add(error);
        }

        @Override
        public void onEnd(String reason, boolean compacted) {
            ends.add(compacted + " " + reason);
        }
    }

    @Test
    void progressNotificationsMoveTheResumeRevisionPastQuietTime() throws Exception {
        WithEtcd.inLoop(() -> {
            Recorder rec = new Recorder();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/p/start", "") + 1;
                try (Watch w = c.watchPrefix("/p/watched/", start, rec)) {
                    // one revision outside the watched range: the watch's next revision is that one, and
                    // a notification of it must move the watch past it
                    long written = c.put("/p/elsewhere", "v");
                    assertEquals(start, written);
                    EtcdClientTest.await(() -> rec.progress.stream().anyMatch(r -> r >= written));
                    assertTrue(w.nextRevision() > written, "resumes after " + written + ", not from " + w.nextRevision());
                    assertEquals(List.of(), rec.events);
                    c.put("/p/watched/x", "1");
                    EtcdClientTest.await(() -> rec.events.size() == 1);
                    assertEquals(List.of("/p/watched/x+"), rec.events);
                }
            }
        });
    }

    @Test
    void aStreamSilentLongerThanTheLivenessLimitIsOpenedAgain() throws Exception {
        WithEtcd.inLoop(() -> {
            Recorder rec = new Recorder();
            // liveness 3 s: 10 times etcd's progress interval here, so a loaded machine's delays do not end a live stream
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints(), Duration.ofSeconds(5)).watchLiveness(Duration.ofSeconds(3))) {
                long start = c.put("/s/start", "") + 1;
                try (Watch w = c.watchPrefix("/s/k/", start, rec)) {
                    c.put("/s/k/before", "v");
                    EtcdClientTest.await(() -> rec.events.size() == 1);
                    io.shrapnel.kernel.Coro.sleep(Duration.ofSeconds(4)); // progress notifications keep a quiet stream alive
                    assertEquals(List.of(), rec.reconnects);
                    long open = io.shrapnel.net.TcpSock.stats().open(); // the stream's and the put's connections
                    io.shrapnel.kernel.Coro.offload(() -> {
                        etcd.pause(); // frozen: the connection stays open and says nothing
                        return null;
                    });
                    try {
                        EtcdClientTest.await(() -> rec.reconnects.stream().anyMatch(e -> e.contains("no event or progress notification")));
                    } finally {
                        io.shrapnel.kernel.Coro.offload(() -> {
                            etcd.resume();
                            return null;
                        });
                    }
                    c.put("/s/k/after", "v");
                    EtcdClientTest.await(() -> rec.events.size() == 2);
                    assertEquals(List.of("/s/k/before+", "/s/k/after+"), rec.events);
                    assertTrue(w.reconnects() >= 1);
                    assertEquals(open, io.shrapnel.net.TcpSock.stats().open(), "the silent stream's connection was not closed");
                }
            }
        });
    }

    @Test
    void aWatchFromACompactedRevisionEndsSayingSo() throws Exception {
        WithEtcd.inLoop(() -> {
            Recorder rec = new Recorder();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long old = c.put("/c/k/1", "v");
                long now = c.put("/c/k/2", "v");
                c.compact(now);
                EtcdException e = assertThrows(EtcdException.class, () -> c.compact(old));
                assertTrue(e.getMessage().contains("compacted"), e.getMessage());
                int before = io.shrapnel.kernel.Coro.current().scheduler().liveCoros();
                try (Watch w = c.watchPrefix("/c/k/", old, rec)) {
                    EtcdClientTest.await(() -> !rec.ends.isEmpty());
                    assertTrue(rec.ends.get(0).startsWith("true etcd compacted the revisions before"), rec.ends.toString());
                    // over for good: its coro ends without opening the stream again
                    EtcdClientTest.await(() -> io.shrapnel.kernel.Coro.current().scheduler().liveCoros() == before);
                    assertEquals(1, rec.ends.size(), rec.ends.toString());
                    assertEquals(List.of(), rec.reconnects);
                    assertEquals(List.of(), rec.events);
                }
            }
        });
    }

    /**
     * A node cut off from etcd (through a proxy) while another node leaves, a third joins and
     * registers a name, and etcd compacts its history: when it is back its watches cannot resume,
     * so it reads members and names again and reports the differences.
     */
    @Test
    void membersAndNamesAreReadAgainAfterACompactionWhileCutOff() throws Exception {
        WithEtcd.inLoop(() -> {
            Duration ttl = Duration.ofSeconds(10); // the cut-off node's lease must outlive the cut
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                 EtcdClient direct = EtcdClient.connect(etcd.endpoints())) {
                InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
                InetSocketAddress addrC = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
                ActorNode nodeA = ActorNode.start(addrA, ClusterRegistryTest.serialisers());
                ActorNode nodeC = ActorNode.start(addrC, ClusterRegistryTest.serialisers());
                Cluster a = Cluster.join(List.of(proxy.endpoint()), "cut-a", addrA, ttl);
                ClusterRegistry namesA = ClusterRegistry.start(a, nodeA);
                Cluster b = Cluster.join(etcd.endpoints(), "cut-b", null, ttl);
                EtcdClientTest.await(() -> a.member("cut-b") != null);
                direct.put(ClusterRegistry.NAMES + "cut-old", "cut-b");
                EtcdClientTest.await(() -> namesA.ownerOf("cut-old").isPresent());

                proxy.hold();
                b.close();
                direct.delete(ClusterRegistry.NAMES + "cut-old"); // gone while node A cannot see it
                Cluster c = Cluster.join(etcd.endpoints(), "cut-c", addrC, ttl);
                ClusterRegistry namesC = ClusterRegistry.start(c, nodeC);
                ActorRef<Object> echo = ClusterRegistryTest.echo();
                namesC.register("echo-c", echo);
                direct.compact(direct.put("/cut/mark", ""));
                proxy.release();

                EtcdClientTest.await(() -> a.member("cut-c") != null && a.member("cut-b") == null);
                EtcdClientTest.await(() -> namesA.ownerOf("echo-c").isPresent());
                assertEquals(Optional.of("cut-c"), namesA.ownerOf("echo-c"));
                assertEquals(Optional.empty(), namesA.ownerOf("cut-old")); // the names read again replace the old view
                assertTrue(a.resyncs() >= 1, "members read again: " + a.resyncs());
                assertTrue(namesA.resyncs() >= 1, "names read again: " + namesA.resyncs());

                namesC.close();
                c.close();
                EtcdClientTest.await(() -> a.member("cut-c") == null && namesA.ownerOf("echo-c").isEmpty());
                namesA.close();
                a.close();
                Actors.stop(echo);
                nodeA.close();
                nodeC.close();
            }
            WithEtcd.awaitOthersEnded();
        });
    }
}
