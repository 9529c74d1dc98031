package io.shrapnel.net.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class PoolTest {
    private final FakeConnector connector = new FakeConnector();

    private static PoolConfig.Builder config() {
        return PoolConfig.builder("test").maxSize(2).registerMXBean(false)
                .acquireTimeout(Duration.ofSeconds(5)).checkAfterIdle(Duration.ofSeconds(1));
    }

    private void inPool(PoolConfig config, PoolBody body) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pool<FakeConnector.Conn> pool = Pool.create(config, connector);
                try {
                    body.run(pool);
                } finally {
                    pool.close();
                }
            });
        }
    }

    interface PoolBody {
        void run(Pool<FakeConnector.Conn> pool) throws Exception;
    }

    @Test
    void acquireOpensAConnectionAndReusesItWhenGivenBack() throws Exception {
        inPool(config().build(), pool -> {
            FakeConnector.Conn first;
            try (Lease<FakeConnector.Conn> lease = pool.acquire()) {
                first = lease.connection();
            }
            assertEquals(1, first.resets);
            try (Lease<FakeConnector.Conn> lease = pool.acquire()) {
                assertSame(first, lease.connection());
                assertEquals(1, pool.stats().getInUse());
                assertEquals(0, pool.stats().getIdle());
            }
            assertEquals(1, connector.opened.size());
            assertEquals(2, pool.stats().getAcquired());
            assertEquals(1, pool.stats().getCreated());
            assertEquals(1, pool.stats().getIdle());
            assertEquals(0, pool.stats().getInUse());
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void theMostRecentlyReturnedIdleConnectionIsHandedOutFirst() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> a = pool.acquire();
            Lease<FakeConnector.Conn> b = pool.acquire();
            FakeConnector.Conn bConn = b.connection();
            a.close();
            b.close();
            try (Lease<FakeConnector.Conn> again = pool.acquire()) {
                assertSame(bConn, again.connection());
            }
        });
    }

    @Test
    void waitersPastMaxSizeAreServedInArrivalOrder() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            List<String> order = new ArrayList<>();
            Lease<FakeConnector.Conn> held = pool.acquire();
            List<Coro> waiters = new ArrayList<>();
            for (String name : List.of("w1", "w2", "w3")) {
                waiters.add(Coro.spawn(name, () -> {
                    try (Lease<FakeConnector.Conn> l = pool.acquire()) {
                        order.add(name + ":" + l.connection());
                    }
                }));
            }
            Coro.yieldSlice();
            assertEquals(3, pool.stats().getWaiting());
            held.close();
            for (Coro w : waiters) {
                w.join();
            }
            assertEquals(List.of("w1:conn#1", "w2:conn#1", "w3:conn#1"), order);
            assertEquals(0, pool.stats().getWaiting());
            assertEquals(1, connector.opened.size());
        });
    }

    @Test
    void acquireTimesOutWithAMessageThatSaysWhatToDo() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Coro.sleep(Duration.ofSeconds(10)); // the clock far from 0, so start and now differ
            try (Lease<FakeConnector.Conn> held = pool.acquire()) {
                long start = Coro.now();
                PoolTimeoutException e = assertThrows(PoolTimeoutException.class,
                        () -> pool.acquire(Duration.ofSeconds(3)));
                assertEquals(Duration.ofSeconds(3).toNanos(), Coro.now() - start);
                assertTrue(e.getMessage().contains("pool test: no connection free within PT3S"), e.getMessage());
                assertTrue(e.getMessage().contains("raise maxSize"), e.getMessage());
                assertEquals(1, pool.stats().getTimeouts());
                assertEquals(0, pool.stats().getWaiting());
                assertEquals(3_000_000, pool.stats().getMaxWaitMicros());
            }
        });
    }

    @Test
    void aZeroTimeoutFailsAtOnceWhenEverythingIsInUse() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            try (Lease<FakeConnector.Conn> held = pool.acquire()) {
                long start = Coro.now();
                assertThrows(PoolTimeoutException.class, () -> pool.acquire(Duration.ZERO));
                assertEquals(start, Coro.now());
            }
        });
    }

    @Test
    void theDefaultAcquireTimeoutIsTheConfiguredOne() throws Exception {
        inPool(config().maxSize(1).acquireTimeout(Duration.ofSeconds(7)).build(), pool -> {
            try (Lease<FakeConnector.Conn> held = pool.acquire()) {
                long start = Coro.now();
                assertThrows(PoolTimeoutException.class, pool::acquire);
                assertEquals(Duration.ofSeconds(7).toNanos(), Coro.now() - start);
            }
        });
    }

    @Test
    void aConnectionThatFailsItsResetIsClosedAndTheWaiterOpensAFreshOne() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Lease<FakeConnector.Conn> held = pool.acquire();
            FakeConnector.Conn broken = held.connection();
            FakeConnector.Conn[] got = new FakeConnector.Conn[1];
            Coro waiter = Coro.spawn("waiter", () -> {
                try (Lease<FakeConnector.Conn> l = pool.acquire()) {
                    got[0] = l.connection();
                }
            });
            Coro.yieldSlice();
            broken.brokenOnReset = true;
            held.close();
            waiter.join();
            assertFalse(broken.open);
            assertNotSame(broken, got[0]);
            assertTrue(got[0].open);
            assertEquals(1, pool.stats().getBroken());
            assertEquals(1, pool.stats().getClosed());
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void aDiscardedConnectionIsClosedWithoutAReset() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> lease = pool.acquire();
            FakeConnector.Conn c = lease.connection();
            lease.discard();
            lease.discard();
            lease.close();
            assertTrue(lease.isReleased());
            assertEquals(0, c.resets);
            assertFalse(c.open);
            assertEquals(1, pool.stats().getBroken());
            assertEquals(0, pool.stats().getTotal());
            assertEquals(0, pool.stats().getInUse());
        });
    }

    @Test
    void aLeaseGivenBackTwiceCountsOnce() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> lease = pool.acquire();
            lease.close();
            lease.close();
            lease.discard();
            assertEquals(1, pool.stats().getIdle());
            assertEquals(0, pool.stats().getInUse());
            assertEquals(0, pool.stats().getBroken());
        });
    }

    @Test
    void aLeaseRefusesItsConnectionAfterItWasGivenBack() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> lease = pool.acquire();
            assertFalse(lease.isReleased());
            assertTrue(lease.toString().contains("conn#1"));
            lease.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, lease::connection);
            assertTrue(e.getMessage().contains("already given back"), e.getMessage());
            assertTrue(lease.toString().contains("released"));
        });
    }

    @Test
    void anIdleConnectionThatFailsItsCheckIsReplaced() throws Exception {
        inPool(config().build(), pool -> {
            FakeConnector.Conn first = pool.use(c -> c);
            first.healthy = false;
            Coro.sleep(Duration.ofSeconds(1));
            FakeConnector.Conn second = pool.use(c -> c);
            assertNotSame(first, second);
            assertFalse(first.open);
            assertEquals(1, first.checks);
            assertEquals(1, pool.stats().getCheckFailures());
        });
    }

    @Test
    void aCheckThatThrowsCountsAsAFailedCheck() throws Exception {
        inPool(config().build(), pool -> {
            FakeConnector.Conn first = pool.use(c -> c);
            first.open = false;
            Coro.sleep(Duration.ofSeconds(2));
            assertNotSame(first, pool.use(c -> c));
            assertEquals(1, pool.stats().getCheckFailures());
        });
    }

    @Test
    void aRecentlyUsedConnectionIsNotChecked() throws Exception {
        inPool(config().build(), pool -> {
            FakeConnector.Conn first = pool.use(c -> c);
            Coro.sleep(Duration.ofMillis(999));
            assertSame(first, pool.use(c -> c));
            assertEquals(0, first.checks);
            Coro.sleep(Duration.ofSeconds(1));
            assertSame(first, pool.use(c -> c));
            assertEquals(1, first.checks);
        });
    }

    @Test
    void useGivesTheConnectionBackWhenTheWorkThrows() throws Exception {
        inPool(config().build(), pool -> {
            IOException e = assertThrows(IOException.class, () -> pool.use(c -> {
                throw new IOException("query failed");
            }));
            assertEquals("query failed", e.getMessage());
            assertEquals(1, pool.stats().getIdle());
            assertEquals(1, connector.opened.get(0).resets);
        });
    }

    @Test
    void theKeeperKeepsMinSizeOpenAndClosesIdleConnectionsAboveIt() throws Exception {
        PoolConfig cfg = config().minSize(1).maxSize(3).maxIdle(Duration.ofSeconds(60))
                .housekeeping(Duration.ofSeconds(10)).build();
        inPool(cfg, pool -> {
            Coro.yieldSlice();
            assertEquals(1, connector.opened.size(), "the keeper opened minSize at once");
            Coro.sleep(Duration.ofSeconds(100)); // the next ones open long after time 0
            Lease<FakeConnector.Conn> a = pool.acquire();
            Lease<FakeConnector.Conn> b = pool.acquire();
            Lease<FakeConnector.Conn> c = pool.acquire();
            a.close();
            b.close();
            c.close();
            assertEquals(3, pool.stats().getIdle());
            Coro.sleep(Duration.ofSeconds(55));
            assertEquals(3, pool.stats().getIdle(), "not idle long enough yet");
            Coro.sleep(Duration.ofSeconds(10));
            assertEquals(1, pool.stats().getIdle(), "closed down to minSize");
            assertEquals(1, pool.stats().getTotal());
            assertEquals(1, connector.openCount());
        });
    }

    @Test
    void theKeeperReplacesConnectionsPastTheirLifetime() throws Exception {
        PoolConfig cfg = config().minSize(1).maxLifetime(Duration.ofSeconds(30))
                .housekeeping(Duration.ofSeconds(10)).build();
        inPool(cfg, pool -> {
            Coro.yieldSlice();
            FakeConnector.Conn first = connector.opened.get(0);
            Coro.sleep(Duration.ofSeconds(31));
            assertFalse(first.open);
            assertEquals(2, connector.opened.size());
            assertEquals(1, pool.stats().getTotal());
            assertEquals(1, pool.stats().getIdle());
        });
    }

    @Test
    void anExpiredIdleConnectionIsClosedInsteadOfHandedOut() throws Exception {
        PoolConfig cfg = config().maxLifetime(Duration.ofSeconds(30)).housekeeping(Duration.ofHours(1)).build();
        inPool(cfg, pool -> {
            Coro.sleep(Duration.ofSeconds(100)); // opened long after time 0
            FakeConnector.Conn first = pool.use(c -> c);
            Coro.sleep(Duration.ofSeconds(30));
            FakeConnector.Conn second = pool.use(c -> c);
            assertNotSame(first, second);
            assertFalse(first.open);
            assertEquals(0, first.checks);
        });
    }

    @Test
    void aConnectionPastItsLifetimeIsClosedWhenGivenBack() throws Exception {
        PoolConfig cfg = config().maxLifetime(Duration.ofSeconds(30)).housekeeping(Duration.ofHours(1)).build();
        inPool(cfg, pool -> {
            Coro.sleep(Duration.ofSeconds(100)); // opened long after time 0
            Lease<FakeConnector.Conn> lease = pool.acquire();
            Coro.sleep(Duration.ofSeconds(29));
            lease.close();
            assertEquals(1, pool.stats().getIdle(), "still young");
            lease = pool.acquire();
            Coro.sleep(Duration.ofSeconds(1));
            lease.close();
            assertFalse(lease.toString().contains("conn"));
            assertEquals(0, pool.stats().getTotal());
            assertEquals(0, pool.stats().getIdle());
            assertEquals(0, connector.openCount());
        });
    }

    @Test
    void aFailedOpenFreesItsSlotAndSaysWhy() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            connector.openFailure = new IOException("connection refused");
            IOException e = assertThrows(IOException.class, pool::acquire);
            assertEquals("connection refused", e.getMessage());
            assertEquals(1, pool.stats().getOpenFailures());
            assertTrue(pool.stats().getLastOpenError().contains("connection refused"));
            assertEquals(0, pool.stats().getTotal());
            connector.openFailure = null;
            pool.use(c -> c);
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void aWaiterGetsTheSlotOfAFailedOpen() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            connector.openDelay = Duration.ofSeconds(1);
            connector.openFailure = new IOException("refused");
            connector.failingOpens = 1;
            FakeConnector.Conn[] got = new FakeConnector.Conn[1];
            Coro first = Coro.spawn("first", () -> assertThrows(IOException.class, pool::acquire));
            Coro second = Coro.spawn("second", () -> got[0] = pool.use(c -> c));
            Coro.yieldSlice();
            assertEquals(1, pool.stats().getWaiting());
            first.join();
            second.join();
            assertEquals("conn#1", got[0].toString());
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void connectionsBeingOpenedCountAgainstMaxSize() throws Exception {
        inPool(config().maxSize(2).build(), pool -> {
            connector.openDelay = Duration.ofSeconds(1);
            List<Coro> users = new ArrayList<>();
            int[] peak = new int[1];
            for (int i = 0; i < 5; i++) {
                users.add(Coro.spawn(() -> pool.use(c -> {
                    peak[0] = Math.max(peak[0], pool.stats().getTotal());
                    Coro.sleep(Duration.ofSeconds(1));
                    return c;
                })));
            }
            for (Coro u : users) {
                u.join();
            }
            assertEquals(2, connector.opened.size());
            assertEquals(2, peak[0]);
            assertEquals(5, pool.stats().getAcquired());
        });
    }

    @Test
    void anInterruptedWaiterLeavesTheQueue() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Lease<FakeConnector.Conn> held = pool.acquire();
            Coro waiter = Coro.spawn("waiter", () -> assertThrows(Interrupted.class, pool::acquire));
            Coro.yieldSlice();
            assertEquals(1, pool.stats().getWaiting());
            waiter.interrupt();
            waiter.join();
            assertEquals(0, pool.stats().getWaiting());
            held.close();
            assertEquals(1, pool.stats().getIdle());
        });
    }

    @Test
    void aConnectionHandedToAWaiterInterruptedBeforeItRanIsNotLost() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Lease<FakeConnector.Conn> held = pool.acquire();
            Coro waiter = Coro.spawn("waiter", () -> assertThrows(Interrupted.class, pool::acquire));
            Coro.yieldSlice();
            held.close();                 // handed to the waiter, which has not run yet
            waiter.interrupt();           // and dies before it takes it
            waiter.join();
            assertEquals(1, pool.stats().getIdle());
            assertEquals(1, pool.stats().getTotal());
            assertEquals(0, pool.stats().getInUse());
        });
    }

    @Test
    void aSlotHandedToAWaiterInterruptedBeforeItRanIsNotLost() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Lease<FakeConnector.Conn> held = pool.acquire();
            Coro waiter = Coro.spawn("waiter", () -> assertThrows(Interrupted.class, pool::acquire));
            Coro.yieldSlice();
            held.discard();               // frees a slot for the waiter
            waiter.interrupt();
            waiter.join();
            assertEquals(0, pool.stats().getTotal());
            pool.use(c -> c);
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void closingThePoolFailsWaitersAndClosesConnectionsWhenTheyComeBack() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pool<FakeConnector.Conn> pool = Pool.create(config().maxSize(1).build(), connector);
                Lease<FakeConnector.Conn> held = pool.acquire();
                Coro waiter = Coro.spawn("waiter", () -> {
                    PoolClosedException e = assertThrows(PoolClosedException.class, () -> pool.acquire());
                    assertTrue(e.getMessage().contains("pool test is closed"), e.getMessage());
                });
                Coro.yieldSlice();
                assertEquals(1, pool.stats().getWaiting());
                pool.close();
                pool.close();
                assertTrue(pool.isClosed());
                waiter.join();
                assertTrue(held.connection().open);
                held.close();
                assertFalse(connector.opened.get(0).open);
                assertEquals(0, connector.opened.get(0).resets);
                assertEquals(0, pool.stats().getTotal());
                assertEquals(0, pool.stats().getInUse());
                assertThrows(PoolClosedException.class, pool::acquire);
            });
        }
    }

    @Test
    void closingThePoolClosesIdleConnections() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> a = pool.acquire();
            Lease<FakeConnector.Conn> b = pool.acquire();
            a.close();
            b.close();
            assertEquals(2, pool.stats().getIdle());
            pool.close();
            assertEquals(0, connector.openCount());
            assertEquals(0, pool.stats().getIdle());
            assertEquals(0, pool.stats().getTotal());
            assertEquals(2, pool.stats().getClosed());
        });
    }

    @Test
    void closingWhileAConnectionIsBeingOpenedClosesIt() throws Exception {
        inPool(config().build(), pool -> {
            connector.openDelay = Duration.ofSeconds(1);
            Coro opener = Coro.spawn("opener", () -> {
                PoolClosedException e = assertThrows(PoolClosedException.class, pool::acquire);
                assertTrue(e.getMessage().contains("while a connection was being opened"), e.getMessage());
            });
            Coro.yieldSlice();
            pool.close();
            opener.join();
            assertFalse(connector.opened.get(0).open);
            assertEquals(0, pool.stats().getTotal());
            assertEquals(1, pool.stats().getClosed());
            assertEquals(1, pool.stats().getCreated());
        });
    }

    @Test
    void acquireOutsideThePoolsLoopSaysWhereToCallIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Pool<FakeConnector.Conn> pool = Pool.create(loop.scheduler(), config().build(), connector);
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::acquire);
            assertTrue(e.getMessage().contains("from a coro on that loop (Thread["), e.getMessage());
            try (TestLoop other = TestLoop.create()) {
                IllegalStateException fromOther = assertThrows(IllegalStateException.class,
                        () -> other.run(() -> pool.acquire()));
                assertTrue(fromOther.getMessage().contains("make one pool per loop"), fromOther.getMessage());
                assertTrue(fromOther.getMessage().contains("(<coro #"), fromOther.getMessage());
            }
            pool.close();           // from the test thread: posted to the loop
            assertFalse(pool.isClosed());
            loop.run(() -> assertTrue(pool.isClosed()));
        }
    }

    @Test
    void aLeaseClosedFromAnotherThreadIsRefused() throws Exception {
        Lease<FakeConnector.Conn>[] lease = new Lease[1];
        inPool(config().build(), pool -> {
            lease[0] = pool.acquire();
            Throwable[] thrown = new Throwable[1];
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    lease[0].close();
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            });
            Coro.offload(() -> {
                t.join();
                return null;
            });
            assertTrue(thrown[0] instanceof IllegalStateException, String.valueOf(thrown[0]));
            assertTrue(thrown[0].getMessage().contains("close leases in a coro on loop"), thrown[0].getMessage());
            assertEquals(1, pool.stats().getInUse());
        });
    }

    @Test
    void aSlotPassedOnByAnInterruptedWaiterReachesTheNextWaiter() throws Exception {
        inPool(config().maxSize(1).build(), pool -> {
            Lease<FakeConnector.Conn> held = pool.acquire();
            Coro first = Coro.spawn("first", () -> assertThrows(Interrupted.class, pool::acquire));
            FakeConnector.Conn[] got = new FakeConnector.Conn[1];
            Coro second = Coro.spawn("second", () -> got[0] = pool.use(c -> c));
            Coro.yieldSlice();
            assertEquals(2, pool.stats().getWaiting());
            held.discard();               // the slot goes to "first"...
            first.interrupt();            // ...which dies before it runs: "second" must get it
            first.join();
            second.join();
            assertEquals("conn#2", got[0].toString());
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void aPoolCreatedFromAnotherThreadStartsItsKeeperOnItsLoop() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Pool<FakeConnector.Conn> pool = Pool.create(loop.scheduler(), config().minSize(1).build(), connector);
            loop.run(() -> {
                Coro.yieldSlice();
                Coro.yieldSlice();
                assertEquals(1, connector.opened.size());
                assertEquals(1, pool.stats().getMinSize());
                pool.close();
            });
        }
    }

    @Test
    void aLeaseDiscardedFromAnotherThreadIsRefused() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> lease = pool.acquire();
            Throwable thrown = Coro.offload(() -> {
                try {
                    lease.discard();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertTrue(thrown instanceof IllegalStateException, String.valueOf(thrown));
            assertFalse(lease.isReleased());
            lease.discard();
            assertEquals(0, pool.stats().getInUse());
        });
    }

    @Test
    void theDefaultConnectorTrustsEveryConnectionAndResetsNothing() throws Exception {
        Connector<String> plain = new Connector<>() {
            @Override
            public String open() {
                return "c";
            }

            @Override
            public void close(String c) {}
        };
        assertTrue(plain.check("c"));
        plain.reset("c");
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pool<String> pool = Pool.create(config().checkAfterIdle(Duration.ZERO).build(), plain);
                assertEquals("c", pool.use(c -> c));
                assertEquals("c", pool.use(c -> c));
                assertEquals(1, pool.stats().getCreated());
                pool.close();
            });
        }
    }

    @Test
    void aCloseThatThrowsDoesNotBreakThePool() throws Exception {
        inPool(config().build(), pool -> {
            Lease<FakeConnector.Conn> lease = pool.acquire();
            connector.closeFailure = new IllegalStateException("close failed");
            lease.discard();
            assertEquals(0, pool.stats().getTotal());
            connector.closeFailure = null;
        });
    }

    @Test
    void nameAndConfigAreThoseGiven() throws Exception {
        PoolConfig cfg = config().build();
        inPool(cfg, pool -> {
            assertEquals("test", pool.name());
            assertSame(cfg, pool.config());
            assertTrue(pool.toString().contains("Pool[test total=0"), pool.toString());
            assertEquals(0, pool.stats().getMinSize());
            assertEquals(2, pool.stats().getMaxSize());
            assertEquals("test", pool.stats().getName());
            assertEquals("", pool.stats().getLastOpenError());
        });
    }

    @Test
    void anIdleConnectionAtMinSizeIsKeptNotReplaced() throws Exception {
        PoolConfig cfg = config().minSize(1).maxIdle(Duration.ofSeconds(60)).housekeeping(Duration.ofSeconds(10)).build();
        inPool(cfg, pool -> {
            Coro.yieldSlice();
            Coro.sleep(Duration.ofSeconds(200));
            assertEquals(1, connector.opened.size(), "idle far past maxIdle, but at minSize: kept");
            assertTrue(connector.opened.getFirst().open);
        });
    }

    @Test
    void theKeeperMeasuresAgeFromWhenAConnectionWasOpened() throws Exception {
        PoolConfig cfg = config().maxSize(1).maxLifetime(Duration.ofSeconds(100)).maxIdle(Duration.ofHours(1))
                .housekeeping(Duration.ofSeconds(10)).build();
        inPool(cfg, pool -> {
            Coro.sleep(Duration.ofSeconds(95));
            pool.acquire().close(); // opened at 95 s
            Coro.sleep(Duration.ofSeconds(20)); // rounds at 100 and 110: it is 15 s old
            assertEquals(1, pool.stats().getIdle());
            assertTrue(connector.opened.getFirst().open);
            Coro.sleep(Duration.ofSeconds(90)); // round at 200: 105 s old
            assertFalse(connector.opened.getFirst().open);
        });
    }

    @Test
    void aConnectionIdleExactlyMaxIdleIsClosedAtThatRound() throws Exception {
        PoolConfig cfg = config().maxSize(1).maxIdle(Duration.ofSeconds(60)).housekeeping(Duration.ofSeconds(10)).build();
        inPool(cfg, pool -> {
            Coro.sleep(Duration.ofSeconds(100));
            pool.acquire().close(); // idle from 100 s; rounds every 10 s from 0
            Coro.sleep(Duration.ofSeconds(55));
            assertEquals(1, pool.stats().getIdle());
            Coro.sleep(Duration.ofSeconds(10)); // the round at 160 s found it idle exactly 60 s
            assertEquals(0, pool.stats().getIdle());
        });
    }

    @Test
    void timeSpentClosingAFailedConnectionCountsAgainstTheAcquireTimeout() throws Exception {
        inPool(config().maxSize(1).checkAfterIdle(Duration.ofSeconds(1)).build(), pool -> {
            pool.acquire().close();
            connector.opened.getFirst().healthy = false;
            connector.closeDelay = Duration.ofSeconds(2);
            Coro.sleep(Duration.ofSeconds(2));
            Coro other = Coro.spawn(() -> {
                Coro.sleep(Duration.ofSeconds(1)); // takes the slot while the failed one is being closed
                try (Lease<FakeConnector.Conn> held = pool.acquire()) {
                    Coro.sleep(Duration.ofSeconds(60));
                }
            });
            long start = Coro.now();
            assertThrows(PoolTimeoutException.class, () -> pool.acquire(Duration.ofSeconds(5)));
            assertEquals(Duration.ofSeconds(5).toNanos(), Coro.now() - start, "2 s closing + 3 s waiting");
            other.join();
            connector.closeDelay = Duration.ZERO;
        });
    }
}
