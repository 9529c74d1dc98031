package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM over loopback TCP (the multi-process case is {@link NodeKilledTest}). */
class RemoteActorsTest {
    interface Body {
        void run(ActorNode here, RemoteNode there, PongActor pong, ActorRef<Object> pongRef) throws Exception;
    }

    static HelloRequest hello(String name) {
        return HelloRequest.newBuilder().setName(name).build();
    }

    static void twoNodes(String pongName, Body body) throws Exception {
        RpcFixture.onLoop(() -> {
            PongActor pong = new PongActor();
            ActorRef<Object> pongRef = Actors.spawn(pongName, pong::run);
            Registry.register(pongName, pongRef);
            ActorNode there = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers());
            ActorNode here = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers());
            RemoteNode link = here.connect("127.0.0.1", there.port());
            try {
                body.run(here, link, pong, pongRef);
            } finally {
                link.close();
                here.close();
                there.close();
                if (pongRef.isAlive()) {
                    pongRef.tell(hello("exit"));
                }
            }
        });
    }

    @Test
    void tellAndAskAcrossNodesInOrder() throws Exception {
        twoNodes("pong-1", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("pong-1");
            assertEquals("pong-1@" + there.name(), remote.name());
            for (int i = 0; i < 1000; i++) {
                remote.tell(hello("m" + i));
            }
            HelloReply r = remote.ask(replyTo -> new RemoteAsk<>(hello("ping"), replyTo), Duration.ofSeconds(5));
            assertEquals("pong ping", r.getMessage());
            assertEquals(1000, pong.told.size(), "the ask came after every tell of the same sender");
            for (int i = 0; i < 1000; i++) {
                assertEquals("m" + i, pong.told.get(i));
            }
        });
    }

    @Test
    void unknownNameIsNotFoundAndUnregisteredTypesFailTheSend() throws Exception {
        twoNodes("pong-2", (here, there, pong, local) -> {
            assertEquals(StatusCode.NOT_FOUND, assertThrows(RpcException.class, () -> there.ref("nobody")).code());
            ActorRef<Object> remote = there.ref("pong-2");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> remote.tell("a string"));
            assertTrue(e.getMessage().contains("no serialiser for java.lang.String"), e.getMessage());
        });
    }

    @Test
    void monitorSeesANormalAndAnAbnormalExit() throws Exception {
        twoNodes("pong-3", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-3");
            there.monitor(remote, Actors.self(), d -> d);
            remote.tell(hello("crash"));
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(remote, down.actor());
            assertInstanceOf(RemoteExit.class, down.reason());
            assertTrue(down.reason().getMessage().contains("crashed"), down.reason().getMessage());
        });
        twoNodes("pong-4", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-4");
            there.monitor(remote, Actors.self(), d -> d);
            remote.tell(hello("exit"));
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertTrue(down.isNormal());
            assertNull(down.reason());
        });
    }

    @Test
    void nodeLostWhenTheOtherNodeGoes() throws Exception {
        twoNodes("pong-5", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-5");
            var cancelled = there.monitor(remote, Actors.self(), d -> "cancelled");
            assertTrue(cancelled.cancel());
            assertFalse(cancelled.cancel());
            there.monitor(remote, Actors.self(), d -> d);
            there.close();
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertInstanceOf(NodeLost.class, down.reason());
            assertTrue(down.reason().getMessage().startsWith("node lost: " + there.name()), down.reason().getMessage());
            assertFalse(remote.isAlive());
            assertFalse(remote.offer(hello("late")));
            there.monitor(remote, Actors.self(), d -> "late monitor");
            assertEquals("late monitor", inbox.receive(Duration.ofSeconds(1)).orElseThrow());
        });
    }

    static HelloReply ask(ActorRef<Object> remote, String name) {
        return remote.ask(replyTo -> new RemoteAsk<>(hello(name), replyTo), Duration.ofSeconds(5));
    }

    @Test
    void declareLostFailsPendingAsksAndMonitorsWithTheReasonThenTheNextUseLinksAgain() throws Exception {
        twoNodes("pong-6", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-6");
            there.monitor(remote, Actors.self(), d -> d);
            UncheckedRpcException[] failed = new UncheckedRpcException[1];
            Coro asker = Coro.spawn("silent asker", () -> {
                try {
                    ask(remote, "silent");
                } catch (UncheckedRpcException e) {
                    failed[0] = e;
                }
            });
            assertEquals("pong ping", ask(remote, "ping").getMessage(), "the silent ask went out before this one");
            there.declareLost("etcd says DOWN");
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertInstanceOf(NodeLost.class, down.reason());
            assertEquals("node lost: " + there.name() + " (etcd says DOWN)", down.reason().getMessage());
            asker.join();
            assertEquals(StatusCode.UNAVAILABLE, failed[0].getCause().code());
            assertTrue(failed[0].getMessage().contains("etcd says DOWN"), failed[0].getMessage());
            assertFalse(there.isUp());
            assertFalse(there.isClosed());
            assertEquals("pong again", ask(remote, "again").getMessage(), "the next use links again");
            assertTrue(there.isUp());
        });
    }

    @Test
    void aDroppedLinkIsMadeAgainOnTheNextUse() throws Exception {
        RpcFixture.onLoop(() -> {
            PongActor pong = new PongActor();
            ActorRef<Object> pongRef = Actors.spawn("pong-7", pong::run);
            Registry.register("pong-7", pongRef);
            int port = Ports.free();
            ActorNode there = ActorNode.start(new InetSocketAddress("127.0.0.1", port), PongActor.serialisers());
            ActorNode here = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers());
            RemoteNode link = here.connect("127.0.0.1", port);
            try {
                Inbox<Object> inbox = Actors.inbox();
                ActorRef<Object> remote = link.ref("pong-7");
                link.monitor(remote, Actors.self(), d -> d);
                there.close();
                Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
                assertInstanceOf(NodeLost.class, down.reason());
                assertFalse(link.isUp());
                there = ActorNode.start(new InetSocketAddress("127.0.0.1", port), PongActor.serialisers());
                HelloReply r = null;
                for (int attempt = 0; r == null && attempt < 50; attempt++) {
                    try {
                        r = ask(remote, "back");
                    } catch (UncheckedRpcException backingOff) {
                        assertEquals(StatusCode.UNAVAILABLE, backingOff.getCause().code());
                        Coro.sleep(Duration.ofMillis(100)); // the channel backs off 100 ms, then more
                    }
                }
                assertEquals("pong back", r.getMessage());
                assertTrue(link.isUp());
            } finally {
                link.close();
                here.close();
                there.close();
                pongRef.tell(hello("exit"));
            }
        });
    }

    @Test
    void tellsFromAThreadOutsideTheLoopArriveInOrder() throws Exception {
        twoNodes("pong-8", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("pong-8");
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    remote.tell(hello("t" + i));
                }
            });
            RpcFixture.waitFor(() -> pong.told.size() == 1000, "the thread's tells to arrive");
            sender.join();
            for (int i = 0; i < 1000; i++) {
                assertEquals("t" + i, pong.told.get(i));
            }
        });
    }

    @Test
    void namesOfNodesAndRefsAndMonitorsOnlyOnRefsOfTheirNode() throws Exception {
        twoNodes("pong-9", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("pong-9");
            assertEquals("RemoteRef(pong-9@" + there.name() + ")", remote.toString());
            assertEquals("RemoteNode(" + there.name() + ")", there.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> there.monitor(local, Actors.self(), d -> d));
            assertTrue(e.getMessage().endsWith(" is not a ref on " + there.name()), e.getMessage());
            Monitor m = there.monitor(remote, Actors.self(), d -> d);
            assertEquals(remote, m.target());
            assertTrue(remote.offer(hello("offered"), Duration.ofSeconds(1)));
            assertEquals("pong sync", ask(remote, "sync").getMessage());
            assertEquals(java.util.List.of("offered"), pong.told);
            there.declareLost("test");
            assertEquals("RemoteNode(" + there.name() + ", lost)", there.toString());
            there.close();
            assertEquals("RemoteNode(" + there.name() + ", closed)", there.toString());
            remote.tell(hello("after close")); // dropped, like a tell to an actor that has exited
        });
    }

    @Test
    void aMonitorOfAnActorNoLongerRegisteredSeesItDownAtOnce() throws Exception {
        twoNodes("pong-10", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-10");
            there.monitor(remote, Actors.self(), d -> d);
            remote.tell(hello("exit"));
            assertTrue(((Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow()).isNormal());
            there.monitor(remote, Actors.self(), d -> d); // the name is free now
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertInstanceOf(RemoteExit.class, down.reason());
            assertEquals("no actor registered as pong-10", down.reason().getMessage());
        });
    }

    @Test
    void messagesTheOtherNodeCannotDecodeAreDropped() throws Exception {
        RpcFixture.onLoop(() -> {
            PongActor pong = new PongActor();
            ActorRef<Object> pongRef = Actors.spawn("pong-11", pong::run);
            Registry.register("pong-11", pongRef);
            // that node knows requests only; this one sends replies too, and a type that fails to decode
            Serialisers thereKnows = new Serialisers().registerProtobuf(HelloRequest.getDefaultInstance())
                    .register(new BrokenSerialiser());
            Serialisers hereKnows = PongActor.serialisers().register(new BrokenSerialiser());
            ActorNode there = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), thereKnows);
            ActorNode here = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), hereKnows);
            RemoteNode link = here.connect("127.0.0.1", there.port());
            try {
                ActorRef<Object> remote = link.ref("pong-11");
                remote.tell(HelloReply.newBuilder().setMessage("unknown type there").build());
                remote.tell(new StringBuilder("undecodable"));
                remote.tell(hello("known"));
                RpcFixture.waitFor(() -> !pong.told.isEmpty(), "the known message");
                assertEquals(java.util.List.of("known"), pong.told);
            } finally {
                link.close();
                here.close();
                there.close();
                pongRef.tell(hello("exit"));
            }
        });
    }

    @Test
    void pendingAsksOfRepliersThatAreGoneAreDroppedOnlyPastTheirLimit() throws Exception {
        twoNodes("pong-12", (here, there, pong, local) -> {
            ActorRef<Object> remote = there.ref("pong-12");
            CountingRef gone = new CountingRef(false);
            CountingRef waiting = new CountingRef(true);
            // at the limit (1024 pending), the asks of repliers that are gone are kept: each gets the loss
            for (int i = 0; i < 1024; i++) {
                remote.tell(new RemoteAsk<>(hello("silent"), gone));
            }
            remote.tell(new RemoteAsk<>(hello("silent"), waiting));
            there.declareLost("first");
            assertEquals(1024, gone.failures, "every pending ask failed, the gone repliers' too");
            assertEquals(1, waiting.failures);
            // past it, the next ask drops them first: only the repliers still waiting hear of the loss
            remote.tell(new RemoteAsk<>(hello("silent"), waiting));
            for (int i = 0; i < 1024; i++) { // with the waiting one: 1025 pending when the next ask comes
                remote.tell(new RemoteAsk<>(hello("silent"), gone));
            }
            remote.tell(new RemoteAsk<>(hello("silent"), waiting));
            there.declareLost("second");
            assertEquals(1024, gone.failures, "the asks of gone repliers were dropped");
            assertEquals(3, waiting.failures, "the asks of waiting repliers were kept");
        });
    }

    @Test
    void closingTheLinkFailsItsMonitorsAndAsksAndClosesItsConnection() throws Exception {
        twoNodes("pong-13", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-13");
            there.monitor(remote, Actors.self(), d -> d);
            CountingRef waiting = new CountingRef(true);
            remote.tell(new RemoteAsk<>(hello("silent"), waiting));
            long open = RpcStats.CLIENT.openConnections.sum();
            there.close();
            assertEquals(open - 1, RpcStats.CLIENT.openConnections.sum(), "the link's connection is closed");
            assertEquals(1, waiting.failures);
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertEquals("node lost: " + there.name() + " (closed)", down.reason().getMessage());
        });
    }

    @Test
    void usesOfANodeThatCannotBeReachedFailAtOnce() throws Exception {
        RpcFixture.onLoop(() -> {
            PongActor pong = new PongActor();
            ActorRef<Object> pongRef = Actors.spawn("pong-14", pong::run);
            Registry.register("pong-14", pongRef);
            ActorNode there = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers());
            ActorNode here = ActorNode.start(new InetSocketAddress("127.0.0.1", Ports.free()), PongActor.serialisers());
            RemoteNode link = here.connect("127.0.0.1", there.port());
            try {
                Inbox<Object> inbox = Actors.inbox();
                ActorRef<Object> remote = link.ref("pong-14");
                link.monitor(remote, Actors.self(), d -> d);
                there.close();
                assertInstanceOf(NodeLost.class, ((Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow()).reason());
                // the ask and the monitor cannot be sent (no server there): both fail without waiting
                UncheckedRpcException e = assertThrows(UncheckedRpcException.class, () -> ask(remote, "nobody home"));
                assertEquals(StatusCode.UNAVAILABLE, e.getCause().code());
                link.monitor(remote, Actors.self(), d -> d);
                assertInstanceOf(NodeLost.class, ((Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow()).reason());
            } finally {
                link.close();
                here.close();
                pongRef.tell(hello("exit"));
            }
        });
    }

    @Test
    void aSingleTellAndADeclaredLossFromAnotherThreadReachTheLoop() throws Exception {
        twoNodes("pong-15", (here, there, pong, local) -> {
            Inbox<Object> inbox = Actors.inbox();
            ActorRef<Object> remote = there.ref("pong-15");
            there.monitor(remote, Actors.self(), d -> d);
            Thread.ofPlatform().start(() -> remote.tell(hello("alone"))).join();
            RpcFixture.waitFor(() -> pong.told.size() == 1, "the one tell to arrive");
            assertEquals(java.util.List.of("alone"), pong.told);
            Thread.ofPlatform().start(() -> there.declareLost("from a thread")).join();
            Down down = (Down) inbox.receive(Duration.ofSeconds(5)).orElseThrow();
            assertEquals("node lost: " + there.name() + " (from a thread)", down.reason().getMessage());
        });
    }

    /** A reply address that counts the failed asks it is told of; alive or gone as constructed. */
    private static final class CountingRef implements ActorRef<Object> {
        private final boolean alive;
        int failures;

        CountingRef(boolean alive) {
            this.alive = alive;
        }

        @Override
        public void tell(Object message) {
            assertInstanceOf(RemoteNode.AskFailed.class, message);
            failures++;
        }

        @Override
        public boolean offer(Object message) {
            tell(message);
            return true;
        }

        @Override
        public boolean offer(Object message, Duration timeout) {
            return offer(message);
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean isAlive() {
            return alive;
        }
    }

    /** Encodes any StringBuilder; decoding always fails, as a corrupt payload would. */
    private static final class BrokenSerialiser implements Serialisers.Serialiser<StringBuilder> {
        @Override
        public String typeName() {
            return "test.Broken";
        }

        @Override
        public Class<StringBuilder> type() {
            return StringBuilder.class;
        }

        @Override
        public byte[] encode(StringBuilder message) {
            return message.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public StringBuilder decode(byte[] bytes) throws java.io.IOException {
            throw new java.io.IOException("corrupt");
        }
    }
}
