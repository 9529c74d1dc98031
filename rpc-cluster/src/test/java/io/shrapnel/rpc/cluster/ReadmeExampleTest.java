package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Latch;
import org.junit.jupiter.api.Test;

/** The README's example: two nodes on one loop find each other's greeter by name and call it. */
class ReadmeExampleTest extends WithEtcd {
    @Test
    void twoNodesGreetEachOther() throws Exception {
        inLoop(() -> {
            String[] replies = new String[2];
            Latch allAsked = new Latch(2);
            Coro a = Coro.spawn("node-a", () -> replies[0] = ReadmeExample.node(etcd.endpoints(), "a", EtcdServer.freeActorPort(), "b", allAsked));
            Coro b = Coro.spawn("node-b", () -> replies[1] = ReadmeExample.node(etcd.endpoints(), "b", EtcdServer.freeActorPort(), "a", allAsked));
            a.join();
            b.join();
            assertEquals("hello a from b", replies[0]);
            assertEquals("hello b from a", replies[1]);
            awaitOthersEnded();
        });
    }
}
