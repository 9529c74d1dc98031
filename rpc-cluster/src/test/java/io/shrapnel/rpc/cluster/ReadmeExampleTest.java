package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Latch;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The README's example: two nodes on one loop find each other's greeter by name and call it. */
class ReadmeExampleTest extends WithEtcd {
    @Test
    void twoNodesGreetEachOther() throws Exception {
        inLoop(() -> {
            Object[] replies = new Object[2];
            Latch allAsked = new Latch(2);
            Coro a = node(replies, 0, allAsked,
                    () -> ReadmeExample.node(etcd.endpoints(), "a", EtcdServer.freeActorPort(), "b", allAsked));
            Coro b = node(replies, 1, allAsked,
                    () -> ReadmeExample.node(etcd.endpoints(), "b", EtcdServer.freeActorPort(), "a", allAsked));
            a.join();
            b.join();
            assertEquals("hello a from b", replies[0]);
            assertEquals("hello b from a", replies[1]);
            awaitOthersEnded();
        });
    }

    /**
     * Runs one node in a coro; its reply (or what it failed with) goes to {@code replies[i]}. A node
     * that fails counts the latch down for itself, so the other node does not wait for it for ever.
     */
    private static Coro node(Object[] replies, int i, Latch allAsked, Callable<String> body) {
        return Coro.spawn("node-" + i, () -> {
            try {
                replies[i] = body.call();
            } catch (Exception | AssertionError e) {
                replies[i] = e;
                allAsked.countDown();
            }
        });
    }
}
