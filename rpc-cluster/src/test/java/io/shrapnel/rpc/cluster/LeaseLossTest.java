package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A node whose lease etcd lost (here: revoked through etcd's API, what etcd does itself when the
 * node's loop stalls or it is cut off longer than the TTL) joins again under a new lease on its own:
 * the others see it down, then up; its member key comes back (its names: {@link RegistryLeaseLossTest}).
 */
class LeaseLossTest extends WithEtcd {
    /** The next event for {@code node} in {@code inbox}, skipping other nodes' events. */
    static ClusterEvent nextAbout(Inbox<Object> inbox, String node) {
        while (true) {
            ClusterEvent e = ClusterTest.next(inbox);
            if (e.member().name().equals(node)) {
                return e;
            }
        }
    }

    @Test
    void aNodeWhoseNameWasTakenWhileItsLeaseWasLostStaysOutUntilTheNameIsFree() throws Exception {
        inLoop(() -> {
            Cluster node = Cluster.join(etcd.endpoints(), "twin", null, Duration.ofSeconds(15)); // refreshed every 5 s
            try (EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                long revoked = node.lease();
                admin.revokeLease(revoked);
                Cluster impostor = joinSteady("twin", null); // takes the name before the keeper notices
                EtcdClientTest.await(() -> node.lease() != revoked); // the keeper found the lease gone, got a new one
                Coro.sleep(Duration.ofSeconds(1)); // (and tried to put the member key back: time for that try to end)
                assertEquals(0, node.rejoins());
                assertEquals(List.of(impostor.lease()), leases(admin, Cluster.MEMBERS + "twin")); // not taken back
                impostor.close();
                EtcdClientTest.await(() -> node.rejoins() == 1); // the keeper tries again each round
                assertEquals(List.of(node.lease()), leases(admin, Cluster.MEMBERS + "twin"));
            }
            node.close();
        });
    }

    /**
     * The lease runs out between its grant and the member put (here: revoked through a proxy that
     * sees the put first): the join tries again under a new lease, three leases in all.
     */
    @Test
    void aJoinWhoseLeaseIsLostBeforeItsMemberPutTriesAgainWithANewOne() throws Exception {
        inLoop(() -> {
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                    EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                List<Long> revoked = new java.util.ArrayList<>();
                proxy.beforeLeasedTxn(lease -> {
                    if (revoked.size() < 2) {
                        revoked.add(lease);
                        admin.revokeLease(lease);
                    }
                });
                Cluster late = Cluster.join(List.of(proxy.endpoint()), "late-join", null, STEADY_TTL);
                assertEquals(2, revoked.size());
                assertFalse(revoked.contains(late.lease()));
                assertEquals(List.of(late.lease()), leases(admin, Cluster.MEMBERS + "late-join"));
                assertEquals(0, late.rejoins());
                late.close();

                revoked.clear();
                proxy.beforeLeasedTxn(lease -> {
                    revoked.add(lease);
                    admin.revokeLease(lease);
                });
                EtcdException e = assertThrows(EtcdException.class,
                        () -> Cluster.join(List.of(proxy.endpoint()), "never-joins", null, STEADY_TTL));
                assertEquals(EtcdException.NOT_FOUND, e.code());
                assertEquals(3, revoked.size(), "leases tried: " + revoked);
                assertEquals(List.of(), leases(admin, Cluster.MEMBERS + "never-joins"));
                proxy.beforeLeasedTxn(null);
                EtcdClientTest.await(() -> proxy.clients() == 0); // the failed join closed its client
            }
            awaitOthersEnded();
        });
    }

    @Test
    void aNodeWhoseLeaseIsAlreadyGoneLeavesQuietly() throws Exception {
        inLoop(() -> {
            Cluster node = joinSteady("gone", null);
            try (EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                admin.revokeLease(node.lease()); // the keeper (every 10 s) has not noticed yet
                node.close(); // nothing left to revoke: no error
                assertEquals(List.of(), leases(admin, Cluster.MEMBERS + "gone"));
            }
            awaitOthersEnded();
        });
    }

    @Test
    void aNodeWhoseLoopStalledLongerThanItsTtlJoinsAgain() throws Exception {
        inLoop(() -> {
            // the watcher's lease outlives the stall of the loop both share; the stalled node's (2 s) does not
            Cluster watcher = Cluster.join(etcd.endpoints(), "stall-watcher", null, Duration.ofSeconds(120));
            Cluster node = Cluster.join(etcd.endpoints(), "stalled");
            Inbox<Object> inbox = Actors.inbox();
            watcher.subscribe(Actors.self());
            assertEquals(new ClusterEvent.NodeUp(node.self()), nextAbout(inbox, "stalled"));
            long before = node.lease();

            stallUntilGone(Cluster.MEMBERS + "stalled"); // a GC pause, a starved CPU: nothing runs on this loop

            assertEquals(new ClusterEvent.NodeDown(node.self()), nextAbout(inbox, "stalled"));
            assertEquals(new ClusterEvent.NodeUp(node.self()), nextAbout(inbox, "stalled"));
            assertNotEquals(before, node.lease());
            EtcdClientTest.await(() -> node.rejoins() == 1); // (its NodeUp may come before the renewal ends)
            assertEquals(0, watcher.rejoins());
            node.close();
            assertEquals(new ClusterEvent.NodeDown(node.self()), nextAbout(inbox, "stalled"));
            watcher.close();
        });
    }

    @Test
    void aCampaignStillWaitingFailsWhenItsNodeLosesTheLease() throws Exception {
        inLoop(() -> {
            Cluster a = joinSteady("camp-a", null);
            Cluster b = Cluster.join(etcd.endpoints(), "camp-b", null, Duration.ofSeconds(6));
            Election leader = new Election(a, "lease-race");
            leader.campaign("a");
            Election waiting = new Election(b, "lease-race");
            Exception[] failed = new Exception[1];
            Coro candidate = Coro.spawn("campaign-b", () -> {
                try {
                    waiting.campaign("b");
                } catch (Exception e) {
                    failed[0] = e;
                }
            });
            try (EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                EtcdClientTest.await(() -> ElectionAndLockTest.count(a, Election.PREFIX + "lease-race/") == 2);
                admin.revokeLease(b.lease()); // b's candidacy goes with its lease, a still leads
                Coro.withTimeout(EtcdClientTest.PATIENCE, candidate::join);
            }
            assertInstanceOf(IOException.class, failed[0]);
            assertTrue(failed[0].getMessage().contains("lease was lost"), failed[0].getMessage());
            assertTrue(leader.isLeader());
            assertFalse(waiting.isLeader());
            EtcdClientTest.await(() -> b.rejoins() == 1); // b itself is back in the cluster
            leader.resign();
            b.close();
            a.close();
        });
    }

    @Test
    void aKeepAliveThatGetsNoAnswerIsCutAtItsDeadlineAndSentToTheNextEndpoint() throws Exception {
        inLoop(() -> {
            Duration ttl = Duration.ofSeconds(15); // refreshes every 5 s, each cut after 5 s
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                    // requests time out only after 10 min: only the keeper's deadline cuts a refresh short
                    EtcdClient client = EtcdClient.connect(List.of(proxy.endpoint(), etcd.endpoint()),
                            Duration.ofMinutes(10));
                    EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                LeaseKeeper keeper = LeaseKeeper.start(client, ttl, lease -> {
                    throw new AssertionError("the lease was lost");
                });
                long lease = keeper.id();
                URI direct = URI.create(etcd.endpoint());
                proxy.hold(); // the next refresh goes to the proxy and gets no answer
                EtcdClientTest.await(() -> client.currentEndpoint().equals(direct));
                assertEquals(lease, keeper.id());
                assertTrue(admin.keepAliveOnce(lease) > 0, "the lease ran out");
                keeper.close();
                assertEquals(0, admin.keepAliveOnce(lease)); // revoked on close
                proxy.release();
            }
        });
    }

    /**
     * Keeps this coro's loop busy (no other coro of it runs) until etcd no longer has {@code key}: the
     * lease it hangs on ran out. A platform thread asks etcd with the JDK's HTTP client meanwhile.
     */
    static void stallUntilGone(String key) throws Exception {
        AtomicBoolean gone = new AtomicBoolean();
        HttpRequest range = HttpRequest.newBuilder(URI.create(etcd.endpoint() + "/v3/kv/range"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\""
                        + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\"}"))
                .build();
        Thread asker = Thread.ofPlatform().daemon().name("etcd-asker").start(() -> {
            try (HttpClient http = HttpClient.newHttpClient()) {
                while (http.send(range, HttpResponse.BodyHandlers.ofString()).body().contains("\"kvs\"")) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
                gone.set(true);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + EtcdClientTest.PATIENCE.toNanos();
        while (!gone.get() && asker.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(gone.get(), "etcd kept " + key + " while its node's loop stalled");
    }

    /** The next event about {@code node} pushed to {@code events}, skipping other nodes' events. */
    static ClusterEvent popAbout(Fifo<ClusterEvent> events, String node) throws Exception {
        while (true) {
            ClusterEvent e = Coro.withTimeout(EtcdClientTest.PATIENCE, events::pop);
            if (e.member().name().equals(node)) {
                return e;
            }
        }
    }

    static List<Long> leases(EtcdClient etcd, String key) throws Exception {
        return etcd.range(key).entries().stream().map(Entry::lease).toList();
    }
}
