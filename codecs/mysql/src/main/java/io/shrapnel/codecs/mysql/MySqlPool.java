package io.shrapnel.codecs.mysql;

import io.shrapnel.net.pool.Connector;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.io.IOException;

/**
 * MySQL connections in the project's one pool ({@link Pool}, shared with the PostgreSQL client):
 * an idle connection is checked with COM_PING, a returned one is reset with COM_RESET_CONNECTION
 * (open transaction rolled back, session variables, temporary tables and prepared statements
 * dropped), a closed or broken one is dropped. Statistics in JMX as {@code io.shrapnel:type=Pool,name=<name>}.
 *
 * <pre>{@code
 * Pool<MySqlConnection> pool = MySqlPool.create(PoolConfig.builder("shop").maxSize(16).build(), config);
 * long n = pool.use(db -> db.execute("SELECT COUNT(*) FROM orders WHERE customer = ?", id).rows().getFirst().getLong(0));
 * }</pre>
 */
public final class MySqlPool implements Connector<MySqlConnection> {
    private final MySqlConfig config;

    private MySqlPool(MySqlConfig config) {
        this.config = config;
    }

    /** A pool on the current coro's loop. */
    public static Pool<MySqlConnection> create(PoolConfig pool, MySqlConfig config) {
        return Pool.create(pool, connector(config));
    }

    /** The connector alone, for {@code Pool.create(loop, poolConfig, connector)}. */
    public static Connector<MySqlConnection> connector(MySqlConfig config) {
        return new MySqlPool(config);
    }

    @Override
    public MySqlConnection open() throws IOException {
        return MySqlConnection.connect(config);
    }

    @Override
    public boolean check(MySqlConnection c) throws IOException {
        c.ping();
        return true;
    }

    @Override
    public void reset(MySqlConnection c) throws IOException {
        if (!c.isOpen()) {
            throw new IOException("connection " + c.connectionId() + " was closed while leased (it failed during use)");
        }
        c.reset();
    }

    @Override
    public void close(MySqlConnection c) {
        c.abort();
    }
}
