package io.shrapnel.rpc.cluster.demo;

import com.google.protobuf.StringValue;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.OsSignal;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Signals;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteAsk;
import io.shrapnel.rpc.Serialisers;
import io.shrapnel.rpc.cluster.Cluster;
import io.shrapnel.rpc.cluster.ClusterEvent;
import io.shrapnel.rpc.cluster.ClusterRegistry;
import io.shrapnel.rpc.cluster.EtcdClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One node of a cluster on etcd, for trying the rpc-cluster module by hand (see {@code bin/cluster-demo},
 * which starts etcd and three of these):
 *
 * <pre>
 * java ... io.shrapnel.rpc.cluster.demo.ClusterDemo NAME [ACTOR_PORT [ETCD_ENDPOINTS [LEAVE_AFTER_SECONDS]]]
 * </pre>
 *
 * It starts an {@link ActorNode} on 127.0.0.1:ACTOR_PORT (default 27100), joins the cluster at
 * ETCD_ENDPOINTS (comma-separated, default {@code http://127.0.0.1:2379}) as NAME, registers the
 * actor {@code greeter-NAME} cluster-wide, and prints every NodeUp and NodeDown. For each other node
 * that comes up it finds that node's greeter with {@code whereIs} and asks it for a greeting across
 * the nodes. With LEAVE_AFTER_SECONDS it leaves the cluster after that long (the others see NodeDown
 * at once, it exits 0). SIGTERM and SIGINT make it leave cleanly too (its lease revoked: the others
 * see NodeDown at once; exit code 143 or 130); killed with SIGKILL, the others see NodeDown when its
 * lease runs out.
 *
 * <p>The lease TTL is 2 s unless the system property {@code shrapnel.cluster.ttl} gives other seconds
 * (a machine so loaded that a new JVM's loop stalls longer than 2 s needs more). Every line it
 * prints starts with {@code [NAME]} and a time of day.
 */
public final class ClusterDemo {
    /** The exit code after leaving on SIGTERM (the shell's 128 + 15). */
    static final int TERM_EXIT = 143;
    /** The exit code after leaving on SIGINT (Ctrl-C: 128 + 2). */
    static final int INT_EXIT = 130;

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: ClusterDemo NAME [ACTOR_PORT [ETCD_ENDPOINTS [LEAVE_AFTER_SECONDS]]]");
            System.exit(2);
        }
        String name = args[0];
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27100;
        List<String> etcd = Arrays.asList((args.length > 2 ? args[2] : "http://127.0.0.1:2379").split(","));
        Duration leaveAfter = args.length > 3 ? Duration.ofSeconds(Long.parseLong(args[3])) : null;
        Coro.spawn("cluster-demo", () -> {
            try {
                Coro.setExit(run(name, port, etcd, leaveAfter));
            } catch (Exception e) {
                say(name, "failed: " + e);
                Coro.setExit(1);
            }
        });
        System.exit(Coro.eventLoop());
    }

    static void say(String node, String what) {
        System.out.println("[" + node + "] " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + what);
        System.out.flush();
    }

    private static int run(String name, int port, List<String> etcd, Duration leaveAfter) throws Exception {
        OneShot<Integer> stop = new OneShot<>();
        leaveOnSignals(stop); // from now on SIGTERM/SIGINT leave the cluster cleanly, even during the join
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ActorNode actors = ActorNode.start(address, new Serialisers().registerProtobuf(StringValue.getDefaultInstance()));
        try (EtcdClient warmUp = EtcdClient.connect(etcd)) {
            warmUp.range(Cluster.MEMBERS); // loads the HTTP and JSON classes before a lease starts to run
        }
        Duration ttl = Duration.ofSeconds(Long.getLong("shrapnel.cluster.ttl", Cluster.DEFAULT_TTL.toSeconds()));
        Cluster cluster = Cluster.join(etcd, name, address, ttl);
        ClusterRegistry names = ClusterRegistry.start(cluster, actors);
        ActorRef<Object> greeter = Actors.spawn("greeter-" + name, (Inbox<Object> in) -> {
            while (true) {
                if (in.receive() instanceof RemoteAsk<?> ask && ask.request() instanceof StringValue who) {
                    ask.reply(StringValue.of("hello " + who.getValue() + ", from " + name));
                }
            }
        });
        names.register("greeter-" + name, greeter);
        say(name, "joined the cluster at " + String.join(",", etcd) + " as " + name + ", actor node on " + port
                + ", registered greeter-" + name + ", lease TTL " + ttl.toSeconds() + " s");
        ActorRef<ClusterEvent> printer = Actors.spawn("membership-" + name, (Inbox<ClusterEvent> in) -> {
            while (true) {
                switch (in.receive()) {
                    case ClusterEvent.NodeUp up -> {
                        say(name, "NodeUp " + up.member().name() + " " + up.member().address());
                        if (!up.member().name().equals(name)) {
                            Coro.spawn("greet-" + up.member().name(), () -> greet(name, names, up.member().name()));
                        }
                    }
                    case ClusterEvent.NodeDown down -> say(name, "NodeDown " + down.member().name() + " " + down.member().address());
                }
            }
        });
        cluster.subscribe(printer);
        int exit = 0;
        if (leaveAfter != null && !stop.await(leaveAfter)) {
            say(name, "leaving after " + leaveAfter.toSeconds() + " s");
        } else {
            exit = stop.await();
            say(name, "leaving on SIG" + (exit == TERM_EXIT ? "TERM" : "INT"));
        }
        cluster.unsubscribe(printer);
        names.close();
        cluster.close();
        Actors.stop(printer);
        Actors.stop(greeter);
        actors.close();
        return exit;
    }

    /** Until this node leaves: SIGTERM and SIGINT signal {@code stop} with the shell's exit code. */
    private static void leaveOnSignals(OneShot<Integer> stop) {
        Scheduler loop = Scheduler.current();
        Signals.handle(OsSignal.TERM, loop, () -> stop.signal(TERM_EXIT));
        Signals.handle(OsSignal.INT, loop, () -> stop.signal(INT_EXIT));
    }

    /** Finds {@code other}'s greeter by name (once its registration reached the cache) and asks it. */
    private static void greet(String self, ClusterRegistry names, String other) {
        String greeterName = "greeter-" + other;
        try {
            for (int i = 0; i < 100 && names.ownerOf(greeterName).isEmpty(); i++) {
                Coro.sleep(Duration.ofMillis(50));
            }
            Optional<ActorRef<Object>> ref = names.whereIs(greeterName);
            if (ref.isEmpty()) {
                say(self, "whereIs(" + greeterName + "): not registered");
                return;
            }
            StringValue reply = ref.get().ask(replyTo -> new RemoteAsk<>(StringValue.of(self), replyTo), Duration.ofSeconds(5));
            say(self, "whereIs(" + greeterName + ") answered: " + reply.getValue());
        } catch (Exception e) {
            say(self, "asking " + greeterName + " failed: " + e);
        }
    }
}
