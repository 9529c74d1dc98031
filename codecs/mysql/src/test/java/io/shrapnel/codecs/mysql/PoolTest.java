package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.pool.Lease;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class PoolTest {
    private static PoolConfig.Builder poolConfig() {
        return PoolConfig.builder("mysql-test").maxSize(2).registerMXBean(false).checkAfterIdle(Duration.ZERO);
    }

    @Test
    void returnedConnectionIsResetAndReused() throws Exception {
        InCoro.run(() -> {
            try (Pool<MySqlConnection> pool = MySqlPool.create(poolConfig().build(), MariaDbServer.config().build())) {
                long id;
                try (Lease<MySqlConnection> lease = pool.acquire()) {
                    MySqlConnection db = lease.connection();
                    id = db.connectionId();
                    db.update("SET @left_behind = 1");
                    db.update("CREATE TEMPORARY TABLE t (x INT) ENGINE=InnoDB");
                    db.update("BEGIN");
                    db.update("INSERT INTO t VALUES (1)");
                    assertTrue(db.inTransactionNow());
                }
                try (Lease<MySqlConnection> lease = pool.acquire()) {
                    MySqlConnection db = lease.connection();
                    assertEquals(id, db.connectionId(), "the same connection, pinged and reused");
                    assertFalse(db.inTransactionNow());
                    assertTrue(db.query("SELECT @left_behind").rows().getFirst().isNull(0));
                    assertThrows(MySqlException.class, () -> db.query("SELECT * FROM t"), "temporary table dropped");
                }
                assertEquals(Long.valueOf(1), pool.use(db -> db.execute("SELECT ?", 1).rows().getFirst().getLong(0)));
                assertEquals(1L, pool.stats().getCreated());
            }
        });
    }

    @Test
    void anIdleConnectionKilledByTheServerFailsItsCheckAndIsReplaced() throws Exception {
        InCoro.run(() -> {
            try (Pool<MySqlConnection> pool = MySqlPool.create(poolConfig().build(), MariaDbServer.config().build());
                 MySqlConnection killer = MySqlConnection.connect(MariaDbServer.config().build())) {
                long first = pool.use(MySqlConnection::connectionId);
                killer.update("KILL CONNECTION " + first); // while it is idle in the pool
                long second = pool.use(MySqlConnection::connectionId);
                assertTrue(second != first, "the ping found it dead: a fresh connection instead");
                assertEquals(1, pool.stats().getCheckFailures());
            }
        });
    }

    @Test
    void closingThePoolEndsTheIdleConnectionsOnTheServer() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection observer = MySqlConnection.connect(MariaDbServer.config().build())) {
                long id;
                try (Pool<MySqlConnection> pool = MySqlPool.create(poolConfig().build(), MariaDbServer.config().build())) {
                    id = pool.use(MySqlConnection::connectionId);
                }
                Eventually.until("the server dropped the pool's connection", () -> observer.execute(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", id).rows().getFirst().getLong(0) == 0);
            }
        });
    }

    @Test
    void connectionBrokenDuringUseLeavesThePool() throws Exception {
        InCoro.run(() -> {
            try (Pool<MySqlConnection> pool = MySqlPool.create(poolConfig().build(), MariaDbServer.config().build());
                 MySqlConnection killer = MySqlConnection.connect(MariaDbServer.config().build())) {
                long first;
                try (Lease<MySqlConnection> lease = pool.acquire()) {
                    first = lease.connection().connectionId();
                    killer.update("KILL CONNECTION " + first);
                    assertThrows(IOException.class, () -> lease.connection().query("SELECT 1"));
                }
                long second = pool.use(MySqlConnection::connectionId);
                assertTrue(second != first, "a fresh connection replaced the broken one");
                assertEquals(1, pool.stats().getBroken());
            }
        });
    }
}
