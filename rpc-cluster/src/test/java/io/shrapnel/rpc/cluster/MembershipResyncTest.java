package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a node reports when it reads the members and names again (its watches could not resume: etcd
 * compacted the revisions they missed while the node was cut off, here by a proxy): only what changed
 * meanwhile, the members gone first, and nothing about the members that stayed.
 */
class MembershipResyncTest extends WithEtcd {
    @Test
    void aResyncReportsOnlyWhatChangedWhileCutOff() throws Exception {
        inLoop(() -> {
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort);
                    EtcdClient direct = EtcdClient.connect(etcd.endpoints())) {
                InetSocketAddress addr = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
                ActorNode node = ActorNode.start(addr, ClusterRegistryTest.serialisers());
                Cluster cut = Cluster.join(List.of(proxy.endpoint()), "rs-cut", addr, STEADY_TTL);
                ClusterRegistry names = ClusterRegistry.start(cut, node);
                Cluster stays = joinSteady("rs-stays", null);
                Cluster leaves = joinSteady("rs-leaves", null);
                direct.put(ClusterRegistry.NAMES + "rs-kept", "rs-stays");
                direct.put(ClusterRegistry.NAMES + "rs-old", "rs-leaves");
                EtcdClientTest.await(() -> cut.members().size() == 3 && names.names().size() == 2);
                Inbox<Object> inbox = Actors.inbox();
                cut.subscribe(Actors.self());
                for (Member m : List.of(cut.self(), stays.self(), leaves.self())) {
                    assertEquals(new ClusterEvent.NodeUp(m), ClusterTest.next(inbox));
                }

                proxy.hold();
                leaves.close();
                direct.delete(ClusterRegistry.NAMES + "rs-old");
                Cluster comes = joinSteady("rs-comes", null);
                direct.put(ClusterRegistry.NAMES + "rs-new", "rs-comes");
                direct.compact(direct.put("/rs/mark", ""));
                proxy.release();

                assertEquals(new ClusterEvent.NodeDown(leaves.self()), ClusterTest.next(inbox));
                assertEquals(new ClusterEvent.NodeUp(comes.self()), ClusterTest.next(inbox));
                assertEquals(1, cut.resyncs());
                assertEquals(List.of(cut.self(), stays.self(), comes.self()), List.copyOf(cut.members()));
                // (the count goes up when the resync starts, the names change when its read is back)
                EtcdClientTest.await(() -> names.names().stream().sorted().toList().equals(List.of("rs-kept", "rs-new")));
                assertEquals(1, names.resyncs());
                assertEquals(Optional.of("rs-comes"), names.ownerOf("rs-new"));
                comes.close(); // the next event: nothing else was published about the members that stayed
                assertEquals(new ClusterEvent.NodeDown(comes.self()), ClusterTest.next(inbox));

                names.close();
                stays.close();
                cut.close();
                node.close();
            }
            awaitOthersEnded();
        });
    }
}
