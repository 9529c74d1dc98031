package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Leader election and the distributed lock, two nodes on a real etcd. */
class ElectionAndLockTest extends WithEtcd {
    @Test
    void theFirstCandidateLeadsAndTheNextOneTakesOverOnResign() throws Exception {
        inLoop(() -> {
            Cluster a = joinSteady("el-a", null);
            Cluster b = joinSteady("el-b", null);
            Election ea = new Election(a, "boss");
            Election eb = new Election(b, "boss");
            assertEquals(Optional.empty(), ea.leader());
            ea.campaign("value-a");
            assertThrows(IllegalStateException.class, () -> ea.campaign("again"));
            assertTrue(ea.isLeader());
            Coro second = Coro.spawn("campaign-b", () -> eb.campaign("value-b"));
            EtcdClientTest.await(() -> count(a, Election.PREFIX + "boss/") == 2);
            assertFalse(second.isDead());
            assertFalse(eb.isLeader());
            assertEquals(Optional.of("value-a"), eb.leader());
            ea.resign();
            second.join();
            assertTrue(eb.isLeader());
            assertFalse(ea.isLeader());
            assertEquals(Optional.of("value-b"), ea.leader());
            eb.resign();
            assertEquals(Optional.empty(), ea.leader());
            a.close();
            b.close();
        });
    }

    @Test
    void aDeadLeadersLeaseHandsTheLeadershipOn() throws Exception {
        inLoop(() -> {
            Cluster a = joinSteady("dl-a", null);
            Cluster b = joinSteady("dl-b", null);
            new Election(a, "chief").campaign("a");
            Election eb = new Election(b, "chief");
            Coro second = Coro.spawn("campaign-b", () -> eb.campaign("b"));
            EtcdClientTest.await(() -> count(b, Election.PREFIX + "chief/") == 2);
            a.close(); // revokes a's lease: its candidacy goes with it
            second.join();
            assertTrue(eb.isLeader());
            eb.resign();
            b.close();
        });
    }

    @Test
    void theLockLetsOneHolderInAtATimeInOrder() throws Exception {
        inLoop(() -> {
            Cluster a = joinSteady("lk-a", null);
            Cluster b = joinSteady("lk-b", null);
            DistributedLock la = new DistributedLock(a, "jobs");
            DistributedLock lb = new DistributedLock(b, "jobs");
            assertNull(la.holder());
            List<String> log = new ArrayList<>();
            DistributedLock.Hold first = la.lock();
            assertEquals("lk-a", lb.holder());
            List<Coro> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DistributedLock l = i % 2 == 0 ? lb : la;
                String who = "w" + i;
                waiters.add(Coro.spawn(who, () -> {
                    try (DistributedLock.Hold h = l.lock()) {
                        log.add("in " + who);
                        Coro.sleep(Duration.ofMillis(20));
                        log.add("out " + who);
                    }
                }));
                int expected = i + 2;
                EtcdClientTest.await(() -> count(a, DistributedLock.PREFIX + "jobs/") == expected);
            }
            assertTrue(log.isEmpty());
            first.close();
            first.close();
            for (Coro w : waiters) {
                w.join();
            }
            assertEquals(List.of("in w0", "out w0", "in w1", "out w1", "in w2", "out w2"), log);
            assertNull(la.holder());
            a.close();
            first.close(); // released already: etcd is not asked (node A's client is closed now)
            b.close();
        });
    }

    @Test
    void aCandidateOrAWaiterStoppedWhileItWaitsLeavesTheLine() throws Exception {
        inLoop(() -> {
            Cluster a = joinSteady("st-a", null);
            Cluster b = joinSteady("st-b", null);
            Election ea = new Election(a, "stopped");
            ea.campaign("a");
            Election eb = new Election(b, "stopped");
            stopWhileInLine(() -> eb.campaign("b"), a, Election.PREFIX + "stopped/");
            ea.resign();
            eb.campaign("b"); // not "already campaigning": the stopped campaign withdrew
            assertTrue(eb.isLeader());
            eb.resign();

            DistributedLock la = new DistributedLock(a, "stopped");
            DistributedLock lb = new DistributedLock(b, "stopped");
            DistributedLock.Hold held = la.lock();
            stopWhileInLine(lb::lock, a, DistributedLock.PREFIX + "stopped/");
            assertEquals("st-a", lb.holder());
            held.close();
            assertNull(lb.holder());
            a.close();
            b.close();
        });
    }

    /**
     * Runs {@code wait} in a coro, stops it once its key is second in line (its put may still wait for
     * etcd's answer then, or it already waits for its turn), and checks the key went.
     */
    private static void stopWhileInLine(Body wait, Cluster c, String prefix) throws Exception {
        Throwable[] ended = new Throwable[1];
        Coro waiter = Coro.spawn("waiter", () -> {
            try {
                wait.run();
            } catch (Throwable t) {
                ended[0] = t;
            }
        });
        EtcdClientTest.await(() -> count(c, prefix) == 2);
        waiter.raiseException(new Interrupted(), true);
        waiter.join();
        assertInstanceOf(Interrupted.class, ended[0]);
        assertEquals(1, count(c, prefix), "the stopped waiter's key left the line");
    }

    /**
     * A waiter cut off from etcd (through a proxy) while the holder releases and etcd compacts its
     * history: its watch cannot resume from where it was, so it looks at the line again and finds
     * itself first.
     */
    @Test
    void aWaiterWhoseWatchCannotResumeAfterACompactionLooksAgain() throws Exception {
        inLoop(() -> {
            try (HoldingProxy proxy = HoldingProxy.start(etcd.clientPort)) {
                Cluster a = joinSteady("cw-a", null);
                Cluster b = Cluster.join(List.of(proxy.endpoint()), "cw-b", null, STEADY_TTL);
                DistributedLock.Hold first = new DistributedLock(a, "compacted").lock();
                DistributedLock lb = new DistributedLock(b, "compacted");
                DistributedLock.Hold[] second = new DistributedLock.Hold[1];
                Coro waiter = Coro.spawn("waiter-b", () -> second[0] = lb.lock());
                EtcdClientTest.await(() -> count(a, DistributedLock.PREFIX + "compacted/") == 2);
                proxy.hold(); // node B's watches break; their new connections wait
                first.close();
                a.etcd().compact(a.etcd().put("/cw/mark", "")); // the release is history no watch can replay
                proxy.release();
                Coro.withTimeout(EtcdClientTest.PATIENCE, waiter::join);
                assertEquals("cw-b", lb.holder());
                second[0].close();
                b.close();
                a.close();
            }
            awaitOthersEnded();
        });
    }

    static int count(Cluster c, String prefix) {
        try {
            return c.etcd().rangePrefix(prefix).entries().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
