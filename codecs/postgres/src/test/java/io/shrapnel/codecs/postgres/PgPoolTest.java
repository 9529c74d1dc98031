package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Parallel;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.pool.Lease;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class PgPoolTest {
    private static void withPool(int maxSize, PoolBody body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pool<PgConnection> pool = PgPool.create(PgServer.get().test().build(),
                        PoolConfig.builder("pg-test").maxSize(maxSize).registerMXBean(false).build());
                try {
                    body.run(pool);
                } finally {
                    pool.close();
                }
            });
        }
    }

    interface PoolBody {
        void run(Pool<PgConnection> pool) throws Exception;
    }

    @Test
    void manyCorosShareAFewConnections() throws Exception {
        withPool(3, pool -> {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                tasks.add(() -> pool.use(db -> db.query("select $1::int, pg_sleep(0.01)", n).rows().get(0).getInt(0)));
            }
            List<Integer> got = Parallel.inParallel(tasks);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, got.get(i));
            }
            assertEquals(3, pool.stats().getCreated());
            assertEquals(20, pool.stats().getAcquired());
            assertTrue(pool.stats().getMaxWaitMicros() > 0);
        });
    }

    @Test
    void aConnectionGivenBackInATransactionIsRolledBack() throws Exception {
        withPool(1, pool -> {
            pool.use(db -> db.simpleQuery("create table if not exists pooled(id int)"));
            try (Lease<PgConnection> lease = pool.acquire()) {
                lease.connection().simpleQuery("begin; insert into pooled values (1)");
                assertEquals('T', lease.connection().transactionStatus());
            }
            pool.use(db -> {
                assertEquals('I', db.transactionStatus());
                assertEquals(0, db.query("select count(*) from pooled").one().getLong(0));
                return db.simpleQuery("drop table pooled");
            });
        });
    }

    @Test
    void aBrokenConnectionLeavesThePoolAndAFreshOneReplacesIt() throws Exception {
        withPool(1, pool -> {
            int firstPid = pool.use(PgConnection::processId);
            try (PgConnection admin = PgConnection.connect(PgServer.get().config("postgres", "postgres").build())) {
                admin.query("select pg_terminate_backend($1)", firstPid);
            }
            assertThrows(java.io.IOException.class, () -> pool.use(db -> db.simpleQuery("select 1")));
            assertEquals(1, pool.stats().getBroken());
            int secondPid = pool.use(PgConnection::processId);
            assertNotEquals(firstPid, secondPid);
            assertEquals(1, pool.stats().getTotal());
        });
    }

    @Test
    void aLeaseGivenBackWithACursorOpenIsDiscarded() throws Exception {
        withPool(1, pool -> {
            try (Lease<PgConnection> lease = pool.acquire()) {
                lease.connection().cursor("select generate_series(1, 100)", 10).next();
            }
            assertEquals(1, pool.stats().getBroken());
            int one = pool.use(db -> db.query("select 1").one().getInt(0));
            assertEquals(1, one);
        });
    }

    @Test
    void anIdleConnectionIsCheckedBeforeReuse() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pool<PgConnection> pool = PgPool.create(PgServer.get().test().build(), PoolConfig.builder("pg-check")
                        .maxSize(1).checkAfterIdle(java.time.Duration.ZERO).registerMXBean(false).build());
                try {
                    int pid = pool.use(PgConnection::processId);
                    try (PgConnection admin = PgConnection.connect(PgServer.get().config("postgres", "postgres").build())) {
                        admin.query("select pg_terminate_backend($1)", pid);
                    }
                    Coro.sleep(java.time.Duration.ofMillis(50));
                    assertNotEquals(pid, pool.use(PgConnection::processId));
                    assertEquals(1, pool.stats().getCheckFailures());
                } finally {
                    pool.close();
                }
            });
        }
    }
}
