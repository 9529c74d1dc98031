package io.shrapnel.codecs.postgres;

import io.shrapnel.net.pool.Connector;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.io.IOException;

/**
 * A {@link Pool} of {@link PgConnection}s: connections are checked with an empty query after idling,
 * rolled back to idle when given back inside a transaction, and dropped when broken.
 *
 * <pre>{@code
 * Pool<PgConnection> pool = PgPool.create(config, PoolConfig.builder("db").maxSize(16).build());
 * long n = pool.use(db -> db.execute("update t set x = $1", 1));
 * }</pre>
 */
public final class PgPool {
    private PgPool() {}

    /** A pool on the current loop. */
    public static Pool<PgConnection> create(PgConfig config, PoolConfig poolConfig) {
        return Pool.create(poolConfig, connector(config));
    }

    /** The {@link Connector} behind {@link #create}, to build a pool yourself. */
    public static Connector<PgConnection> connector(PgConfig config) {
        return new Connector<>() {
            @Override
            public PgConnection open() throws IOException {
                return PgConnection.connect(config);
            }

            @Override
            public boolean check(PgConnection c) throws IOException {
                c.simpleQuery("");
                return true;
            }

            @Override
            public void reset(PgConnection c) throws IOException {
                c.reset();
            }

            @Override
            public void close(PgConnection c) {
                c.closeSocket();
            }
        };
    }
}
