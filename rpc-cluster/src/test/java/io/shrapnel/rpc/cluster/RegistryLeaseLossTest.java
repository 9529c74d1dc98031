package io.shrapnel.rpc.cluster;

import static io.shrapnel.rpc.cluster.LeaseLossTest.leases;
import static io.shrapnel.rpc.cluster.LeaseLossTest.nextAbout;
import static io.shrapnel.rpc.cluster.LeaseLossTest.popAbout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.StringValue;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteAsk;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry across a lost lease (revoked through etcd's API, as {@link LeaseLossTest} does for
 * membership): a node's names come back under its new lease, a name registered during the lapse goes
 * under the next lease, a name another node took meanwhile stays theirs. A class of its own so that
 * a mutation run of {@link ClusterRegistry} runs only these of the lease-loss tests.
 */
class RegistryLeaseLossTest extends WithEtcd {
    @Test
    void aNodeWhoseLeaseIsLostJoinsAgainWithItsNames() throws Exception {
        inLoop(() -> {
            ClusterRegistryTest.TwoNodes n = ClusterRegistryTest.TwoNodes.start("keep-a", "keep-b", Duration.ofSeconds(6));
            ActorRef<Object> echo = ClusterRegistryTest.echo();
            n.namesB().register("echo-keep", echo);
            EtcdClientTest.await(() -> n.namesA().ownerOf("echo-keep").isPresent());
            Inbox<Object> inbox = Actors.inbox();
            n.a().subscribe(Actors.self());
            Member b = n.b().self();
            assertEquals(new ClusterEvent.NodeUp(b), nextAbout(inbox, "keep-b"));
            Fifo<ClusterEvent> seenByB = new Fifo<>(); // node B's own subscriber
            ActorRef<ClusterEvent> bWatcher = Actors.spawn("b-watcher", (Inbox<ClusterEvent> in) -> {
                while (true) {
                    seenByB.push(in.receive());
                }
            });
            n.b().subscribe(bWatcher);
            assertEquals(new ClusterEvent.NodeUp(b), popAbout(seenByB, "keep-b"));
            long lost = n.b().lease();

            try (EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                admin.revokeLease(lost); // etcd deletes node B's member key and its names at once
                assertEquals(new ClusterEvent.NodeDown(b), nextAbout(inbox, "keep-b"));
                assertEquals(new ClusterEvent.NodeUp(b), nextAbout(inbox, "keep-b"));
                assertEquals(new ClusterEvent.NodeDown(b), popAbout(seenByB, "keep-b")); // B learns it was out
                assertEquals(new ClusterEvent.NodeUp(b), popAbout(seenByB, "keep-b"));
                EtcdClientTest.await(() -> n.namesA().ownerOf("echo-keep").isPresent());

                long renewed = n.b().lease();
                assertNotEquals(lost, renewed);
                EtcdClientTest.await(() -> n.b().rejoins() == 1); // (the name may come before the renewal ends)
                assertEquals(List.of(renewed), leases(admin, Cluster.MEMBERS + "keep-b"));
                assertEquals(List.of(renewed), leases(admin, ClusterRegistry.NAMES + "echo-keep"));
            }
            ActorRef<Object> remote = n.namesA().<Object>whereIs("echo-keep").orElseThrow();
            StringValue reply = remote.ask(replyTo -> new RemoteAsk<>(StringValue.of("back"), replyTo), Duration.ofSeconds(30));
            assertEquals("echo back", reply.getValue());

            n.b().close(); // the new lease is revoked on leaving: NodeDown at once
            assertEquals(new ClusterEvent.NodeDown(b), nextAbout(inbox, "keep-b"));
            Actors.stop(bWatcher);
            Actors.stop(echo);
            n.close();
        });
    }

    /**
     * A name registered while the node's lease is lost (through a proxy that shows the test each leased
     * transaction) is put once under the lost lease, then, after the keeper's next lease, under that
     * one: the registry waits for the new lease instead of asking etcd again and again.
     */
    @Test
    void aNameRegisteredWhileTheLeaseIsLostGoesUnderTheNextOne() throws Exception {
        inLoop(() -> {
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                    EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                InetSocketAddress addr = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
                ActorNode node = ActorNode.start(addr, ClusterRegistryTest.serialisers());
                Cluster c = Cluster.join(List.of(proxy.endpoint()), "late-b", addr, Duration.ofSeconds(6)); // refreshed every 2 s
                ClusterRegistry names = ClusterRegistry.start(c, node);
                ActorRef<Object> echo = ClusterRegistryTest.echo();
                long lost = c.lease();
                List<Long> tried = new ArrayList<>();
                proxy.beforeLeasedTxn(tried::add);
                admin.revokeLease(lost);
                names.register("echo-late", echo); // meets the lost lease, waits for the keeper's next one
                proxy.beforeLeasedTxn(null);
                assertNotEquals(lost, c.lease());
                assertEquals(List.of(c.lease()), leases(admin, ClusterRegistry.NAMES + "echo-late"));
                assertEquals(1, tried.stream().filter(l -> l == lost).count(), () -> "transactions under the lost lease, of " + tried.size() + " leased ones");
                names.close();
                c.close();
                Actors.stop(echo);
                node.close();
            }
            awaitOthersEnded();
        });
    }

    @Test
    void aNameAnotherNodeRegisteredDuringTheLapseStaysTheirs() throws Exception {
        inLoop(() -> {
            ClusterRegistryTest.TwoNodes n = ClusterRegistryTest.TwoNodes.start("nx-a", "nx-b", Duration.ofSeconds(15));
            ActorRef<Object> echo = ClusterRegistryTest.echo(); // (one process: both nodes register the same actor)
            n.namesB().register("svc", echo);
            try (EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                admin.revokeLease(n.b().lease());
                n.namesA().register("svc", echo); // before node B's keeper (every 5 s) notices
                EtcdClientTest.await(() -> n.b().rejoins() == 1);
                assertEquals(List.of(n.a().lease()), leases(admin, ClusterRegistry.NAMES + "svc")); // not taken back
                assertEquals("nx-a", admin.range(ClusterRegistry.NAMES + "svc").entries().get(0).text());
                EtcdClientTest.await(() -> n.namesB().ownerOf("svc").equals(java.util.Optional.of("nx-a")));
                n.namesB().unregister("svc"); // node B dropped the name: this leaves node A's entry alone
                assertEquals(List.of(n.a().lease()), leases(admin, ClusterRegistry.NAMES + "svc"));
            }
            Actors.stop(echo);
            n.b().close();
            n.close();
        });
    }

    /**
     * A renewal whose puts etcd already has under the new lease (as after a put that reached etcd but
     * whose answer was lost; here the test stores them first, through a proxy that shows it the new
     * lease): the renewal finds the member key and the name its own and goes on.
     */
    @Test
    void aRenewalWhosePutsEtcdAlreadyHasGoesOn() throws Exception {
        inLoop(() -> {
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                    EtcdClient admin = EtcdClient.connect(etcd.endpoints())) {
                java.net.InetSocketAddress addr = new java.net.InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
                io.shrapnel.rpc.ActorNode node = io.shrapnel.rpc.ActorNode.start(addr, ClusterRegistryTest.serialisers());
                Cluster c = Cluster.join(List.of(proxy.endpoint()), "dup-put", addr, Duration.ofSeconds(6));
                ClusterRegistry names = ClusterRegistry.start(c, node);
                ActorRef<Object> echo = ClusterRegistryTest.echo();
                names.register("dup-svc", echo);
                long old = c.lease();
                List<Long> stored = new java.util.ArrayList<>();
                proxy.beforeLeasedTxn(lease -> {
                    if (lease != old && stored.isEmpty()) {
                        stored.add(lease);
                        admin.put(Cluster.MEMBERS + "dup-put", c.self().address(), lease);
                        admin.put(ClusterRegistry.NAMES + "dup-svc", "dup-put", lease);
                    }
                });
                admin.revokeLease(old);
                EtcdClientTest.await(() -> c.rejoins() == 1);
                assertEquals(List.of(c.lease()), stored);
                assertEquals(List.of(c.lease()), leases(admin, Cluster.MEMBERS + "dup-put"));
                assertEquals(List.of(c.lease()), leases(admin, ClusterRegistry.NAMES + "dup-svc"));
                assertEquals(echo, names.whereIs("dup-svc").orElseThrow()); // still this node's
                assertEquals(java.util.Optional.of(echo), io.shrapnel.mailbox.Registry.whereis("dup-svc"));
                proxy.beforeLeasedTxn(null);
                names.close();
                c.close();
                Actors.stop(echo);
                node.close();
            }
            awaitOthersEnded();
        });
    }
}
