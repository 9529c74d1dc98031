package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Body;
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
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * An actor ping between two nodes (two JVMs):
 * <ul>
 *   <li>{@code bin/rpc-demo pong [port]}: registers the actor "pong" (answers each Ping with a Pong)
 *       on a node listening on 127.0.0.1 (default port 27002);
 *   <li>{@code bin/rpc-demo ping [host] [port] [count] [own port]}: asks it {@code count} times
 *       (default 5), printing each round trip, then watches it: stop the pong node and the ping node
 *       prints the DOWN ("node lost") within 5 s. The ping node listens on {@code own port}
 *       (default: the pong node's port + 1).
 * </ul>
 */
public final class ActorPing {
    static final String USAGE = "usage: bin/rpc-demo pong [port] | bin/rpc-demo ping [host] [port] [count] [own port]";

    private ActorPing() {}

    static Serialisers serialisers() {
        return new Serialisers().registerProtobuf(Ping.getDefaultInstance()).registerProtobuf(Pong.getDefaultInstance());
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the pong or the ping node on the default loop; returns the exit status: 0 when the ping
     * node saw the DOWN, 1 when a node could not start or a call failed (the reason on {@code err}),
     * 2 for bad arguments (with the usage). The pong node runs until the process is stopped.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Body node;
        try {
            node = node(new DemoArgs(args), out, err);
        } catch (IllegalArgumentException e) {
            return DemoArgs.usage(err, e, USAGE);
        }
        Coro.spawn("main", node);
        return Coro.eventLoop();
    }

    private static Body node(DemoArgs a, PrintStream out, PrintStream err) {
        String mode = a.text(0, "ping");
        if (mode.equals("pong")) {
            int port = a.atMost(2).port(1, 27002);
            return () -> {
                try {
                    pong(port, out);
                } catch (IOException e) {
                    err.println("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
                    Coro.setExit(1);
                }
            };
        }
        if (!mode.equals("ping")) {
            throw new IllegalArgumentException("unknown mode: " + mode);
        }
        String host = a.atMost(5).text(1, "127.0.0.1");
        int port = a.port(2, 27002);
        int count = a.number(3, 5, 0, Integer.MAX_VALUE);
        int own = a.port(4, port + 1);
        return () -> Coro.setExit(ping(host, port, count, own, out, err));
    }

    /**
     * Starts the pong node on 127.0.0.1:{@code port} and registers the actor "pong" on this loop.
     * Call from a coro.
     */
    static ActorNode pong(int port, PrintStream out) throws IOException {
        ActorNode node = ActorNode.start(new InetSocketAddress("127.0.0.1", port), serialisers());
        ActorRef<Object> pong = Actors.spawn("pong", ActorPing::answer);
        Registry.register("pong", pong);
        out.println("pong node on 127.0.0.1:" + port);
        return node;
    }

    private static void answer(Inbox<Object> in) {
        while (true) {
            if (in.receive() instanceof RemoteAsk<?> ask && ask.request() instanceof Ping p) {
                ask.reply(Pong.newBuilder().setSeq(p.getSeq()).build());
            }
        }
    }

    /**
     * Asks "pong" at {@code host:port} {@code count} times, then waits for its DOWN; returns 0, or 1
     * when a step failed. Call from a coro.
     */
    static int ping(String host, int port, int count, int ownPort, PrintStream out, PrintStream err) {
        try (ActorNode node = ActorNode.start(new InetSocketAddress("127.0.0.1", ownPort), serialisers())) {
            out.println("ping node on 127.0.0.1:" + ownPort);
            RemoteNode other = node.connect(host, port);
            ActorRef<Object> pong = other.ref("pong");
            for (int i = 1; i <= count; i++) {
                Ping ping = Ping.newBuilder().setSeq(i).build();
                long t0 = System.nanoTime();
                Pong reply = pong.ask(replyTo -> new RemoteAsk<>(ping, replyTo), Duration.ofSeconds(5));
                out.printf(Locale.ROOT, "pong %d from %s in %.1f us%n", reply.getSeq(), pong.name(), (System.nanoTime() - t0) / 1e3);
            }
            Inbox<Object> inbox = Actors.inbox();
            other.monitor(pong, Actors.self(), d -> d);
            out.println("watching " + pong.name() + "; stop the pong node to see the DOWN");
            Down down = (Down) inbox.receive();
            out.println("DOWN " + down.actor().name() + ": " + down.reason().getMessage());
            return 0;
        } catch (Exception e) {
            err.println("ping " + host + ":" + port + ": " + e);
            return 1;
        }
    }
}
