package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line of keys behind elections and locks, against a real etcd (stopped by one test). */
class KeyQueueTest extends WithEtcd {
    @Test
    void aWaiterMovesUpWhenTheKeyBeforeItsIsDeleted() throws Exception {
        inLoop(() -> {
            try (Cluster node = joinSteady("kq-wait", null)) {
                KeyQueue line = new KeyQueue(node, "/kq/wait/");
                String first = line.enter("1");
                line.awaitHead(first); // alone: at once
                String second = line.enter("2");
                int before = Coro.current().scheduler().liveCoros();
                boolean[] head = new boolean[1];
                Coro waiter = Coro.spawn("kq-waiter", () -> {
                    line.awaitHead(second);
                    head[0] = true;
                });
                EtcdClientTest.await(() -> Coro.current().scheduler().liveCoros() == before + 3); // it and its two watches
                assertFalse(head[0]);
                assertEquals(first, line.head().key());
                line.leave(first);
                waiter.join();
                assertTrue(head[0]);
                assertEquals(second, line.head().key());
                line.leave(second);
                assertEquals(null, line.head());
            }
        });
    }

    @Test
    void aWaiterWhoseOwnKeyIsDeletedFails() throws Exception {
        inLoop(() -> {
            try (Cluster node = joinSteady("kq-gone", null)) {
                KeyQueue line = new KeyQueue(node, "/kq/gone/");
                String first = line.enter("1");
                String second = line.enter("2");
                int before = Coro.current().scheduler().liveCoros();
                String[] failure = new String[1];
                Coro waiter = Coro.spawn("kq-waiter", () -> {
                    try {
                        line.awaitHead(second);
                    } catch (IOException e) {
                        failure[0] = e.getMessage();
                    }
                });
                EtcdClientTest.await(() -> Coro.current().scheduler().liveCoros() == before + 3); // it and its two watches
                line.leave(second); // as when the node's lease goes
                waiter.join();
                assertEquals("the key " + second + " is gone from etcd (the node's lease was lost)", failure[0]);
                assertEquals(first, line.head().key());
                line.leave(first);
            }
        });
    }

    @Test
    void anEntryEtcdDoesNotTakeTriesToTakeItsKeyOutAgain() throws Exception {
        inLoop(() -> {
            try (Cluster node = joinSteady("kq-down", null)) {
                KeyQueue line = new KeyQueue(node, "/kq/down/");
                PrefixFollowerTest.offload(etcd::stop);
                try {
                    IOException e = assertThrows(IOException.class, () -> line.enter("v"));
                    // the delete of a key the put may have stored failed too, and is told along
                    assertEquals(1, e.getSuppressed().length, List.of(e.getSuppressed()).toString());
                    assertTrue(e.getSuppressed()[0].getMessage().contains("/v3/kv/deleterange"), e.getSuppressed()[0].getMessage());
                } finally {
                    PrefixFollowerTest.offload(etcd::start);
                }
                assertEquals(null, line.head());
            }
        });
    }
}
