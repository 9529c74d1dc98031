package io.shrapnel.rpc;

import static io.shrapnel.rpc.RemoteActorsTest.ask;
import static io.shrapnel.rpc.RemoteActorsTest.hello;
import static io.shrapnel.rpc.RemoteActorsTest.twoNodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.internal.wire.Event;
import io.shrapnel.rpc.internal.wire.RemoteActors;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Remote refs at their edges: the reply address an actor sees, monitors cancelled before their DOWN,
 * and the link call a node keeps open on the other one (seen in the server's counters of Link calls).
 */
class RemoteActorEdgesTest {
    private static final RpcStats.MethodCounters LINKS = RpcStats.SERVER.of(RemoteActors.LINK.fullName());

    private static HelloReply reply(String text) {
        return HelloReply.newBuilder().setMessage(text).build();
    }

    /**
     * Answers each ask, noting what its reply address says before and after: "twice" is answered
     * twice (the second answer is dropped), "thread" from a thread outside the loop.
     */
    private static void replier(Inbox<Object> in, List<String> seen) {
        while (true) {
            if (in.receive() instanceof RemoteAsk<?> a && a.request() instanceof HelloRequest r) {
                @SuppressWarnings("unchecked")
                ActorRef<Object> to = (ActorRef<Object>) a.replyTo();
                seen.add(r.getName() + ": alive " + to.isAlive() + ", " + to.name().replaceAll("[0-9]+$", "<id>"));
                switch (r.getName()) {
                    case "thread" -> Thread.ofPlatform().start(() -> a.reply(reply("from a thread")));
                    case "twice" -> {
                        seen.add("offered " + to.offer(reply("first"), Duration.ofSeconds(1)));
                        seen.add("alive after the reply " + to.isAlive());
                        a.reply(reply("second"));
                    }
                    default -> a.reply(reply("re " + r.getName()));
                }
            }
        }
    }

    @Test
    void aReplyAddressTakesOneReplyFromTheLoopOrAnyThread() throws Exception {
        twoNodes("edges-1", (here, there, pong, local) -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            ActorRef<Object> replier = Actors.spawn("edges-replier", (Inbox<Object> in) -> replier(in, seen));
            Registry.register("edges-replier", replier);
            try {
                ActorRef<Object> remote = there.ref("edges-replier");
                assertEquals("first", ask(remote, "twice").getMessage());
                assertEquals("re next", ask(remote, "next").getMessage(), "the second reply of the ask before went nowhere");
                assertEquals("from a thread", ask(remote, "thread").getMessage());
                assertEquals(List.of("twice: alive true, reply to remote ask <id>", "offered true",
                        "alive after the reply false", "next: alive true, reply to remote ask <id>",
                        "thread: alive true, reply to remote ask <id>"), seen);
            } finally {
                Registry.unregister("edges-replier");
                Actors.stop(replier);
            }
        });
    }

    @Test
    void aMonitorCancelledBeforeItsDownNeverFiresAndTheWatcherCarriesOn() throws Exception {
        twoNodes("edges-2", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("edges-2");
            ActorRef<Object> gone = there.ref("edges-2");
            Registry.unregister("edges-2");
            // the MONITOR and the DEMONITOR leave in one batch: that node answers DOWN at once (no such
            // actor) and sees a DEMONITOR of a monitor it never kept
            Monitor cancelled = there.monitor(gone, Actors.self(), d -> "the cancelled one");
            assertTrue(cancelled.cancel());
            there.monitor(gone, Actors.self(), d -> "the second one");
            assertEquals("the second one", inbox.receive(Duration.ofSeconds(5)).orElseThrow());
            // the node's watcher still works: a monitor of a live actor sees it exit
            Registry.register("edges-2", local);
            there.monitor(remote, Actors.self(), d -> d);
            assertEquals("pong sync", ask(remote, "sync").getMessage(), "the monitor is set up");
            remote.tell(hello("exit"));
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertTrue(down.isNormal(), String.valueOf(down.reason()));
        });
    }

    @Test
    void aNodeLinksAtOnceAndADeclaredLossEndsItsLinkCall() throws Exception {
        twoNodes("edges-3", (here, there, pong, local) -> {
            there.ref("edges-3"); // a round trip on the connection of twoNodes' link: that link is counted
            long started = LINKS.started.sum();
            String[] hostPort = there.name().split(":");
            RemoteNode second = here.connect(hostPort[0], Integer.parseInt(hostPort[1]));
            try {
                ActorRef<Object> remote = second.ref("edges-3"); // its link was sent before this lookup
                assertEquals(started + 1, LINKS.started.sum(), "the link call of a node made a moment ago");
                assertTrue(remote.isAlive());
                assertTrue(remote.offer(hello("while up")));
                assertEquals("pong sync", ask(remote, "sync").getMessage(), "the tell went out on this link");
                long ended = LINKS.ended.sum();
                second.declareLost("test");
                RpcFixture.waitFor(() -> LINKS.ended.sum() == ended + 1, "the old link call to end there");
                assertEquals(started + 1, LINKS.started.sum(), "no link before the next use");
                assertEquals("pong again", ask(remote, "again").getMessage());
                assertEquals(started + 2, LINKS.started.sum(), "the next use linked again");
                assertEquals(List.of("while up"), pong.told);
            } finally {
                second.close();
            }
        });
    }

    @Test
    void tellsFromOtherThreadsAtDifferentTimesAllArrive() throws Exception {
        twoNodes("edges-4", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("edges-4");
            for (int i = 1; i <= 3; i++) {
                String text = "from thread " + i;
                Thread.ofPlatform().start(() -> remote.tell(hello(text))).join();
                int arrived = i;
                RpcFixture.waitFor(() -> pong.told.size() == arrived, text + " to arrive");
            }
            assertEquals(List.of("from thread 1", "from thread 2", "from thread 3"), pong.told);
        });
    }

    @Test
    void aRefOfAClosedNodeRefusesOffers() throws Exception {
        twoNodes("edges-5", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("edges-5");
            assertTrue(remote.offer(hello("open"), Duration.ofSeconds(1)));
            there.close();
            assertFalse(remote.offer(hello("closed"), Duration.ofSeconds(1)));
            assertFalse(remote.offer(hello("closed")));
            assertFalse(remote.isAlive());
        });
    }

    @Test
    void aCancelledMonitorOfALiveActorSendsNoDownWhenItExits() throws Exception {
        RpcStats.MethodCounters links = RpcStats.CLIENT.of(RemoteActors.LINK.fullName());
        twoNodes("edges-6", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("edges-6");
            Monitor cancelled = there.monitor(remote, Actors.self(), d -> "the cancelled one");
            assertEquals("pong sync", ask(remote, "sync").getMessage(), "the monitor is in place there");
            assertTrue(cancelled.cancel());
            long before = links.bytesIn.sum();
            remote.tell(hello("exit"));
            RpcFixture.waitFor(() -> !local.isAlive(), "the actor to exit");
            there.monitor(remote, Actors.self(), d -> d);
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            // the one event that came since: this last DOWN (ids 1 to 3 are one byte each on the wire)
            Event only = Event.newBuilder().setKind(Event.Kind.DOWN).setId(3)
                    .setReason(down.reason() == null ? "" : down.reason().getMessage()).build();
            assertEquals(only.getSerializedSize(), links.bytesIn.sum() - before, "no DOWN of the cancelled monitor");
        });
    }

    @Test
    void aBatchLargerThanTheMessageLimitGoesOutInSeveralMessages() throws Exception {
        RpcConfig small = ActorNode.DEFAULT_CONFIG.withMaxMessageSize(300 << 10);
        RpcFixture.onLoop(() -> {
            PongActor pong = new PongActor();
            ActorRef<Object> pongRef = Actors.spawn("edges-7", pong::run);
            Registry.register("edges-7", pongRef);
            ActorNode there = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers(), small);
            ActorNode here = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers(), small);
            RemoteNode link = here.connect("127.0.0.1", there.port());
            try {
                ActorRef<Object> remote = link.ref("edges-7");
                String padding = "x".repeat(1000);
                for (int i = 0; i < 1000; i++) { // about 1 MB queued before the sender runs: one batch
                    remote.tell(hello(i + padding));
                }
                RpcFixture.waitFor(() -> pong.told.size() == 1000, "every tell of the batch");
                for (int i = 0; i < 1000; i++) {
                    assertEquals(i + padding, pong.told.get(i));
                }
            } finally {
                link.close();
                here.close();
                there.close();
                pongRef.tell(hello("exit"));
            }
        });
    }
}
