package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Membership against a real etcd: joins, leaves, a duplicate name, and a node JVM killed with -9. */
class ClusterTest extends WithEtcd {
    static ClusterEvent next(Inbox<Object> inbox) {
        return (ClusterEvent) inbox.receive(EtcdClientTest.PATIENCE).orElseThrow(() -> new AssertionError("no cluster event"));
    }

    @Test
    void membersJoinAndLeave() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Inbox<Object> inbox = Actors.inbox();
                Cluster a = joinSteady("a", new InetSocketAddress("127.0.0.1", 27100));
                a.subscribe(Actors.self());
                Member ma = new Member("a", "127.0.0.1:27100");
                assertEquals(new ClusterEvent.NodeUp(ma), next(inbox));
                Cluster b = joinSteady("b", null);
                assertEquals(new ClusterEvent.NodeUp(new Member("b", "")), next(inbox));
                assertEquals(List.of(ma, new Member("b", "")), List.copyOf(b.members()));
                IllegalStateException dup = assertThrows(IllegalStateException.class, () -> Cluster.join(etcd.endpoints(), "b"));
                assertTrue(dup.getMessage().contains("'b' is already a member"), dup.getMessage());
                b.close();
                assertEquals(new ClusterEvent.NodeDown(new Member("b", "")), next(inbox));
                assertEquals(List.of(ma), List.copyOf(a.members()));
                a.close();
            });
        }
    }

    @Test
    void aJoinRefusedForItsNameClosesItsClient() throws Exception {
        inLoop(() -> {
            Cluster first = joinSteady("taken", null);
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort)) {
                assertThrows(IllegalStateException.class, () -> Cluster.join(List.of(proxy.endpoint()), "taken"));
                EtcdClientTest.await(() -> proxy.clients() == 0);
            }
            first.close();
            awaitOthersEnded();
        });
    }

    /**
     * A member etcd has but this node's watch has not delivered yet (its loop was busy meanwhile) is
     * read from etcd: the registry may hear of a name before its node's NodeUp.
     */
    @Test
    void aMemberNotSeenYetIsReadFromEtcd() throws Exception {
        inLoop(() -> {
            Cluster reader = joinSteady("reader", null);
            putWhileThisLoopWaits(Cluster.MEMBERS + "early", "127.0.0.1:24999");
            assertEquals(null, reader.member("early")); // the watch's coro has not run since
            assertEquals(new Member("early", "127.0.0.1:24999"), reader.memberOrRead("early"));
            assertEquals(null, reader.memberOrRead("nobody"));
            EtcdClientTest.await(() -> reader.member("early") != null);
            reader.etcd().delete(Cluster.MEMBERS + "early");
            EtcdClientTest.await(() -> reader.member("early") == null);
            reader.close();
        });
    }

    /**
     * Puts {@code key} through the JDK's HTTP client on a platform thread while this coro spins: no
     * other coro of its loop runs until etcd has it.
     */
    static void putWhileThisLoopWaits(String key, String value) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        java.net.http.HttpRequest put = java.net.http.HttpRequest.newBuilder(java.net.URI.create(etcd.endpoint() + "/v3/kv/put"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"key\":\"" + b64.encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        + "\",\"value\":\"" + b64.encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}"))
                .build();
        java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("etcd-put").start(() -> {
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                status.complete(http.send(put, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (Exception e) {
                status.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + EtcdClientTest.PATIENCE.toNanos();
        while (!status.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(200, status.getNow(-1));
    }

    @Test
    void joiningAndLeavingAtOnceLeavesNothingBehind() throws Exception {
        inLoop(() -> {
            for (int i = 0; i < 3; i++) {
                InetSocketAddress actors = new InetSocketAddress("127.0.0.1", 27100 + i);
                Cluster brief = i == 0 ? Cluster.join(etcd.endpoints(), "brief") : Cluster.join(etcd.endpoints(), "brief", actors);
                assertEquals(Cluster.DEFAULT_TTL, brief.ttl()); // both overloads: the default lease
                assertEquals(i == 0 ? "" : "127.0.0.1:" + (27100 + i), brief.self().address());
                assertTrue(brief.etcd().idleConnections() > 0, "a kept-alive connection to etcd");
                brief.close();
                assertEquals(0, brief.etcd().idleConnections(), "connections left open after leaving");
                brief.close(); // again: nothing (it used to fail: its HTTP client was closed)
            }
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                assertTrue(c.range(Cluster.MEMBERS + "brief").entries().isEmpty());
            }
            awaitOthersEnded();
        });
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                assertThrows(IllegalArgumentException.class, () -> Cluster.join(etcd.endpoints(), "a/b"));
                assertThrows(IllegalArgumentException.class, () -> Cluster.join(etcd.endpoints(), ""));
                assertThrows(IllegalArgumentException.class,
                        () -> Cluster.join(etcd.endpoints(), "x", null, Duration.ofSeconds(1)));
                EtcdException e = assertThrows(EtcdException.class,
                        () -> Cluster.join(List.of("http://127.0.0.1:" + EtcdServer.freePort()), "x"));
                assertEquals(EtcdException.UNAVAILABLE, e.code());
            });
        }
    }

    @Test
    void aNodeKilledWithSigkillIsSeenDownWithinTtlPlusOneSecond() throws Exception {
        Process node = NodeProcess.start(etcd.endpoint(), "victim");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Inbox<Object> inbox = Actors.inbox();
                Cluster watcher = joinSteady("watcher", null);
                watcher.subscribe(Actors.self());
                Member victim = new Member("victim", "127.0.0.1:1");
                EtcdClientTest.await(() -> victim.equals(watcher.member("victim")));
                while (inbox.receive(Duration.ZERO).isPresent()) {
                    // what came before the kill (a loaded machine may have let the new JVM's lease run out once)
                }
                long killedAt = System.nanoTime();
                node.destroyForcibly();
                assertEquals(new ClusterEvent.NodeDown(victim), LeaseLossTest.nextAbout(inbox, "victim"));
                Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
                assertTrue(took.compareTo(Cluster.DEFAULT_TTL.plusSeconds(1)) <= 0, "NodeDown after " + took);
                watcher.close();
            });
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
