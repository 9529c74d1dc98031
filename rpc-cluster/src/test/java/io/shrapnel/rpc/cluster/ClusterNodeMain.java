package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import java.net.InetSocketAddress;
import java.util.List;

/** A node in a second JVM: joins the cluster at args[0] as args[1], prints "READY", runs until killed. */
public final class ClusterNodeMain {
    private ClusterNodeMain() {}

    public static void main(String[] args) throws Exception {
        Coro.spawn("main", () -> {
            Cluster.join(List.of(args[0]), args[1], new InetSocketAddress("127.0.0.1", 1));
            System.out.println("READY");
            System.out.flush();
        });
        Coro.eventLoop();
    }
}
