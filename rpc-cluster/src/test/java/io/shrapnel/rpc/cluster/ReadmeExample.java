package io.shrapnel.rpc.cluster;

import com.google.protobuf.StringValue;
import io.shrapnel.kernel.Latch;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteAsk;
import io.shrapnel.rpc.Serialisers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The README's example, compiled and run by {@code ReadmeExampleTest}: one node of a cluster. */
final class ReadmeExample {
    private ReadmeExample() {}

    /**
     * Runs in a coro: joins as {@code name}, serves "greeter-<name>", greets {@code other}'s greeter,
     * waits on {@code allAsked} (so that no node leaves before the others asked), then leaves.
     */
    static String node(List<String> etcd, String name, int port, String other, Latch allAsked) throws Exception {
        Serialisers serialisers = new Serialisers().registerProtobuf(StringValue.getDefaultInstance());
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ActorNode actors = ActorNode.start(address, serialisers);          // the rpc module's node
        Cluster cluster = Cluster.join(etcd, name, address);               // membership under a 2 s lease
        ClusterRegistry names = ClusterRegistry.start(cluster, actors);    // cluster-wide names

        ActorRef<Object> greeter = Actors.spawn("greeter-" + name, (Inbox<Object> in) -> {
            while (true) {
                if (in.receive() instanceof RemoteAsk<?> ask && ask.request() instanceof StringValue who) {
                    ask.reply(StringValue.of("hello " + who.getValue() + " from " + name));
                }
            }
        });
        names.register("greeter-" + name, greeter);

        Inbox<Object> events = Actors.inbox();
        cluster.subscribe(Actors.self());                                  // NodeUp / NodeDown
        while (cluster.member(other) == null) {
            System.out.println(events.receive());                         // e.g. NodeUp[member=Member[name=b, ...]]
        }
        while (names.ownerOf("greeter-" + other).isEmpty()) {
            io.shrapnel.kernel.Coro.sleep(Duration.ofMillis(10));         // the name's put reaches the cache
        }
        ActorRef<Object> remote = names.<Object>whereIs("greeter-" + other).orElseThrow();
        StringValue reply = remote.ask(replyTo -> new RemoteAsk<>(StringValue.of(name), replyTo), Duration.ofSeconds(30));

        allAsked.countDown();
        allAsked.await();                                                  // (the test's two nodes stay until both asked)

        Election election = new Election(cluster, "singleton");
        election.campaign(name);                                           // parks until this node leads
        election.resign();
        DistributedLock lock = new DistributedLock(cluster, "report");
        try (DistributedLock.Hold held = lock.lock()) {                     // one node at a time
            System.out.println(name + " holds the lock");
        }

        names.close();
        cluster.close();                                                   // the others see NodeDown at once
        Actors.stop(greeter);
        actors.close();
        return reply.getValue();
    }
}
