package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.NodeLost;
import io.shrapnel.rpc.RemoteAsk;
import io.shrapnel.rpc.Serialisers;
import io.shrapnel.rpc.UncheckedRpcException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cluster-wide registry: two nodes (two clusters, two ActorNodes) against a real etcd. */
class ClusterRegistryTest extends WithEtcd {
    static Serialisers serialisers() {
        return new Serialisers().registerProtobuf(StringValue.getDefaultInstance());
    }

    static ActorRef<Object> echo() {
        return Actors.spawn("echo", (Inbox<Object> in) -> {
            while (true) {
                if (in.receive() instanceof RemoteAsk<?> ask && ask.request() instanceof StringValue s) {
                    ask.reply(StringValue.of("echo " + s.getValue()));
                }
            }
        });
    }

    /** Two nodes of one cluster, each with its ActorNode and registry. */
    record TwoNodes(ActorNode nodeA, ActorNode nodeB, Cluster a, Cluster b, ClusterRegistry namesA, ClusterRegistry namesB) {
        static TwoNodes start(String nameA, String nameB) throws Exception {
            return start(nameA, nameB, STEADY_TTL);
        }

        static TwoNodes start(String nameA, String nameB, Duration ttl) throws Exception {
            InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
            InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", EtcdServer.freeActorPort());
            ActorNode nodeA = ActorNode.start(addrA, serialisers());
            ActorNode nodeB = ActorNode.start(addrB, serialisers());
            Cluster a = Cluster.join(etcd.endpoints(), nameA, addrA, ttl);
            Cluster b = Cluster.join(etcd.endpoints(), nameB, addrB, ttl);
            return new TwoNodes(nodeA, nodeB, a, b, ClusterRegistry.start(a, nodeA), ClusterRegistry.start(b, nodeB));
        }

        /** Closes everything but node B's cluster (the tests close it) and waits for the coros. */
        void close() throws Exception {
            closeAllButB();
            awaitOthersEnded();
        }

        /** Closes the registries (checking they let go of their connections and subscription), A and both ActorNodes. */
        void closeAllButB() throws Exception {
            int subscribed = a.subscriberCount();
            namesB.close();
            namesA.close();
            assertEquals(0, namesA.linkCount(), "connections to other nodes kept after close");
            assertEquals(subscribed - 1, a.subscriberCount(), "the registry still subscribed after close");
            a.close();
            nodeA.close();
            nodeB.close();
        }
    }

    @Test
    void aNameRegisteredOnOneNodeIsFoundAndCalledFromAnother() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("reg-a", "reg-b");
            ClusterRegistry namesA = n.namesA();
            ClusterRegistry namesB = n.namesB();
            ActorRef<Object> echo = echo();
            namesB.register("echo", echo);
            IllegalStateException taken = assertThrows(IllegalStateException.class, () -> namesA.register("echo", echo));
            assertTrue(taken.getMessage().contains("already registered by node reg-b"), taken.getMessage());
            EtcdClientTest.await(() -> namesA.ownerOf("echo").isPresent());
            assertEquals(Optional.of("reg-b"), namesA.ownerOf("echo"));
            assertEquals(List.of("echo"), namesA.names());
            assertSame(echo, namesB.whereIs("echo").orElseThrow());
            assertEquals(Optional.empty(), namesA.whereIs("nobody"));
            ActorRef<Object> remote = namesA.<Object>whereIs("echo").orElseThrow();
            StringValue reply = remote.ask(replyTo -> new RemoteAsk<>(StringValue.of("hi"), replyTo), EtcdClientTest.PATIENCE);
            assertEquals("echo hi", reply.getValue());
            ActorRef<Object> uncached = namesA.<Object>whereIsUncached("echo").orElseThrow();
            StringValue again = uncached.ask(replyTo -> new RemoteAsk<>(StringValue.of("2"), replyTo), EtcdClientTest.PATIENCE);
            assertEquals("echo 2", again.getValue());

            n.b().close();
            EtcdClientTest.await(() -> namesA.ownerOf("echo").isEmpty());
            assertEquals(Optional.empty(), namesA.whereIs("echo"));
            assertTrue(io.shrapnel.mailbox.Registry.whereis("echo").isPresent()); // node B's registry still open
            n.closeAllButB();
            assertTrue(io.shrapnel.mailbox.Registry.whereis("echo").isEmpty(), "a closed registry's names left in the process");
            Actors.stop(echo);
            awaitOthersEnded();
        });
    }

    @Test
    void aNameIsRegisteredAgainByItsNodeAndUnregistered() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("un-a", "un-b");
            ActorRef<Object> echo = echo();
            n.namesB().register("echo3", echo);
            n.namesB().register("echo3", echo); // again by the same node: no change
            assertSame(echo, n.namesB().whereIs("echo3").orElseThrow());
            ActorRef<Object> localOne = echo();
            ActorRef<Object> clusterOne = echo();
            io.shrapnel.mailbox.Registry.register("local-only", localOne); // another actor of node B's process has the name
            IllegalStateException local = assertThrows(IllegalStateException.class, () -> n.namesB().register("local-only", clusterOne));
            assertTrue(local.getMessage().contains("in this process"), local.getMessage());
            assertTrue(n.b().etcd().range(ClusterRegistry.NAMES + "local-only").entries().isEmpty(), "refused before etcd had it");
            io.shrapnel.mailbox.Registry.unregister("local-only");
            Actors.stop(localOne);
            Actors.stop(clusterOne);
            EtcdClientTest.await(() -> n.namesA().ownerOf("echo3").isPresent());
            assertTrue(n.namesA().whereIs("echo3").isPresent());
            assertEquals(1, n.namesA().linkCount()); // a connection to node B, open until the registry closes
            n.namesA().unregister("echo3"); // not node A's: nothing happens
            assertEquals(Optional.of("un-b"), n.namesA().ownerOf("echo3"));
            n.namesB().unregister("echo3");
            assertEquals(Optional.empty(), n.namesB().whereIs("echo3"));
            assertTrue(io.shrapnel.mailbox.Registry.whereis("echo3").isEmpty());
            EtcdClientTest.await(() -> n.namesA().ownerOf("echo3").isEmpty());
            Actors.stop(echo);
            n.closeAllButB(); // node B still a member: the registry's close closes the connection to it
            n.b().close();
            awaitOthersEnded();
        });
    }

    @Test
    void aNameANodeOfAnotherProcessHoldsIsRefusedAndLeftOutOfThisProcess() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("held-a", "held-b");
            EtcdClient etcdA = n.a().etcd();
            etcdA.put(ClusterRegistry.NAMES + "held", "held-elsewhere"); // this process's registry has no such name
            ActorRef<Object> echo = echo();
            IllegalStateException taken = assertThrows(IllegalStateException.class, () -> n.namesB().register("held", echo));
            assertTrue(taken.getMessage().contains("already registered by node held-elsewhere"), taken.getMessage());
            assertTrue(io.shrapnel.mailbox.Registry.whereis("held").isEmpty(), "left in this process's registry");
            assertEquals("held-elsewhere", etcdA.range(ClusterRegistry.NAMES + "held").entries().get(0).text());
            etcdA.delete(ClusterRegistry.NAMES + "held");
            Actors.stop(echo);
            n.b().close();
            n.close();
        });
    }

    @Test
    void aNameWhoseNodeHasNoActorAddressOrIsNoMemberIsNotFound() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("nr-a", "nr-b");
            Cluster watcher = joinSteady("nr-watcher", null); // a member without an actor address
            EtcdClient etcdA = n.a().etcd();
            etcdA.put(ClusterRegistry.NAMES + "on-watcher", "nr-watcher");
            etcdA.put(ClusterRegistry.NAMES + "on-nobody", "nr-nobody");
            EtcdClientTest.await(() -> n.namesA().ownerOf("on-watcher").isPresent() && n.namesA().ownerOf("on-nobody").isPresent());
            assertEquals(Optional.empty(), n.namesA().whereIs("on-watcher"));
            assertEquals(Optional.empty(), n.namesA().whereIs("on-nobody"));
            assertEquals(Optional.empty(), n.namesA().whereIsUncached("on-nobody"));
            assertFalse(n.namesA().monitor("on-watcher", Actors.self()));
            assertFalse(n.namesA().monitor("on-nobody", Actors.self()));
            assertEquals(0, n.namesA().linkCount());
            etcdA.delete(ClusterRegistry.NAMES + "on-watcher");
            etcdA.delete(ClusterRegistry.NAMES + "on-nobody");
            watcher.close();
            n.b().close();
            n.close();
        });
    }

    @Test
    void aRegistrationEtcdNeverGotLeavesNothingInTheProcess() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("nx-a", "nx-b");
            ActorRef<Object> echo = echo();
            n.b().close(); // node B left: its registry's requests to etcd fail now
            Exception e = assertThrows(Exception.class, () -> n.namesB().register("unstored", echo));
            assertTrue(e instanceof java.io.IOException || e instanceof IllegalStateException, e.toString());
            assertTrue(io.shrapnel.mailbox.Registry.whereis("unstored").isEmpty(), "registered in the process all the same");
            assertEquals(Optional.empty(), n.namesB().whereIs("unstored"));
            Actors.stop(echo);
            n.close();
        });
    }

    @Test
    void monitorsGetNodeLostWhenMembershipSaysTheNodeIsGone() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("mon-a", "mon-b");
            ClusterRegistry namesA = n.namesA();
            ClusterRegistry namesB = n.namesB();
            ActorRef<Object> echo = echo();
            namesB.register("echo2", echo);
            EtcdClientTest.await(() -> namesA.ownerOf("echo2").isPresent());
            Inbox<Object> inbox = Actors.inbox();
            assertFalse(namesA.monitor("nobody", Actors.self())); // unknown
            assertFalse(namesB.monitor("echo2", Actors.self())); // its own: the mailbox module's monitors
            assertTrue(namesA.monitor("echo2", Actors.self()));
            n.b().close(); // leaves etcd; node B's ActorNode and its connection stay up
            Down down = (Down) inbox.receive(EtcdClientTest.PATIENCE).orElseThrow(() -> new AssertionError("no DOWN"));
            assertInstanceOf(NodeLost.class, down.reason());
            Actors.stop(echo);
            n.close();
        });
    }

    @Test
    void pendingAsksFailWithTheMembershipReasonWhenTheNodeIsSeenDown() throws Exception {
        inLoop(() -> {
            TwoNodes n = TwoNodes.start("lost-a", "lost-b");
            Fifo<String> received = new Fifo<>();
            ActorRef<Object> silent = Actors.spawn("silent", (Inbox<Object> in) -> {
                while (true) {
                    if (in.receive() instanceof RemoteAsk<?> ask) {
                        received.push(String.valueOf(ask.request())); // never answers
                    }
                }
            });
            n.namesB().register("silent", silent);
            EtcdClientTest.await(() -> n.namesA().ownerOf("silent").isPresent());
            ActorRef<Object> remote = n.namesA().<Object>whereIs("silent").orElseThrow();
            n.namesA().whereIs("silent").orElseThrow(); // a second lookup reuses the link the first ref is on
            Exception[] failed = new Exception[1];
            Coro asker = Coro.spawn("asker", () -> {
                try {
                    remote.ask(replyTo -> new RemoteAsk<>(StringValue.of("anyone?"), replyTo), Duration.ofSeconds(30));
                } catch (Exception e) {
                    failed[0] = e;
                }
            });
            received.pop(); // the ask is at node B, waiting for an answer that never comes
            n.b().close(); // B leaves etcd; its ActorNode and the connection to it stay up
            asker.join();
            assertInstanceOf(UncheckedRpcException.class, failed[0]);
            String why = failed[0].getMessage();
            assertTrue(why.contains("node lost") && why.contains("cluster membership says node lost-b is down"), why);
            Actors.stop(silent);
            n.close();
        });
    }
}
