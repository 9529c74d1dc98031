package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteAsk;
import io.shrapnel.rpc.RemoteNode;
import io.shrapnel.rpc.Serialisers;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An actor ping between two nodes (two JVMs):
 * <ul>
 *   <li>{@code bin/rpc-demo pong [port]}: registers the actor "pong" (answers each Ping with a Pong)
 *       on a node listening on 127.0.0.1 (default port 27002);
 *   <li>{@code bin/rpc-demo ping [host] [port] [count]}: asks it {@code count} times (default 5),
 *       printing each round trip, then watches it: stop the pong node and the ping node prints
 *       the DOWN ("node lost") within 5 s.
 * </ul>
 */
public final class ActorPing {
    private ActorPing() {}

    static Serialisers serialisers() {
        return new Serialisers().registerProtobuf(Ping.getDefaultInstance()).registerProtobuf(Pong.getDefaultInstance());
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "ping";
        if (mode.equals("pong")) {
            pong(args.length > 1 ? Integer.parseInt(args[1]) : 27002);
        } else {
            ping(args.length > 1 ? args[1] : "127.0.0.1", args.length > 2 ? Integer.parseInt(args[2]) : 27002,
                    args.length > 3 ? Integer.parseInt(args[3]) : 5);
        }
        System.exit(Coro.eventLoop());
    }

    private static void pong(int port) {
        Coro.spawn("main", () -> {
            ActorRef<Object> pong = Actors.spawn("pong", (Inbox<Object> in) -> {
                while (true) {
                    if (in.receive() instanceof RemoteAsk<?> ask && ask.request() instanceof Ping p) {
                        ask.reply(Pong.newBuilder().setSeq(p.getSeq()).build());
                    }
                }
            });
            Registry.register("pong", pong);
            ActorNode.start(new InetSocketAddress("127.0.0.1", port), serialisers());
            System.out.println("pong node on 127.0.0.1:" + port);
        });
    }

    private static void ping(String host, int port, int count) {
        Coro.spawn("main", () -> {
            ActorNode node = ActorNode.start(new InetSocketAddress("127.0.0.1", port + 1), serialisers());
            RemoteNode other = node.connect(host, port);
            ActorRef<Object> pong = other.ref("pong");
            for (int i = 1; i <= count; i++) {
                Ping ping = Ping.newBuilder().setSeq(i).build();
                long t0 = System.nanoTime();
                Pong reply = pong.ask(replyTo -> new RemoteAsk<>(ping, replyTo), Duration.ofSeconds(5));
                System.out.printf("pong %d from %s in %.1f us%n", reply.getSeq(), pong.name(),
                        (System.nanoTime() - t0) / 1e3);
            }
            Inbox<Object> inbox = Actors.inbox();
            other.monitor(pong, Actors.self(), d -> d);
            System.out.println("watching " + pong.name() + "; stop the pong node to see the DOWN");
            Down down = (Down) inbox.receive();
            System.out.println("DOWN " + down.actor().name() + ": " + down.reason().getMessage());
            node.close();
            Coro.setExit(0);
        });
    }
}
