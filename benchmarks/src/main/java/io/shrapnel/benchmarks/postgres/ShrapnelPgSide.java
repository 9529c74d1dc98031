package io.shrapnel.benchmarks.postgres;

import io.shrapnel.codecs.postgres.PgBatch;
import io.shrapnel.codecs.postgres.PgConfig;
import io.shrapnel.codecs.postgres.PgConnection;
import io.shrapnel.codecs.postgres.PgCursor;
import io.shrapnel.codecs.postgres.PgPool;
import io.shrapnel.codecs.postgres.Row;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shrapnel's client: every client is a coro on ONE loop (one platform thread); point selects use
 * the extended protocol with the cached prepared statement, the batch is a {@code PgBatch} (one
 * Parse, a Bind and Execute per row, one Sync: one implicit transaction), the stream a cursor fetching 1,000 rows at a time.
 *
 * <p>Threading: the loop runs on the bench's main thread during each call.
 */
final class ShrapnelPgSide implements PgBenchSide {
    private final PgConfig config;
    private final Scheduler loop = Scheduler.create("pg-bench");
    /** Loops for point selects with {@code loops > 1}: [0] is {@link #loop}; each runs on a thread of its own. */
    private final List<Scheduler> loops = new ArrayList<>(List.of(loop));

    ShrapnelPgSide(int port) {
        this.config = PgConfig.builder().host("127.0.0.1").port(port).user("test").password("test")
                .database("testdb").sslMode(io.shrapnel.codecs.postgres.SslMode.DISABLE).build(); // as pgjdbc's side
    }

    @Override
    public String name() {
        return "shrapnel";
    }

    private <T> T onLoop(Callable<T> body) throws Exception {
        return onLoop(loop, body);
    }

    /** Runs {@code body} in a coro on {@code loop} (on this thread) and returns what it returned. */
    static <T> T onLoop(Scheduler loop, Callable<T> body) throws Exception {
        Object[] out = new Object[1];
        Throwable[] failed = new Throwable[1];
        loop.spawn("bench", () -> {
            try {
                out[0] = body.call();
            } catch (Throwable t) {
                failed[0] = t;
            } finally {
                Coro.setExit(0);
            }
        });
        loop.run();
        if (failed[0] != null) {
            throw new Exception("shrapnel side failed", failed[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    @Override
    public Measured pointSelects(int clients, long warmNanos, long measureNanos) throws Exception {
        return onLoop(() -> {
            List<PgConnection> conns = new ArrayList<>();
            try {
                while (conns.size() < clients) {
                    conns.add(PgConnection.connect(config));
                }
                return PgBenchSide.warmThenMeasure(nanos -> run(conns, nanos), warmNanos, measureNanos);
            } finally {
                conns.forEach(PgConnection::close);
            }
        });
    }

    /**
     * Point selects with the clients spread over {@code n} loops (client i on loop i mod n), each loop
     * on a platform thread of its own: how a Shrapnel program uses more than one core (one loop per
     * core, each with its own connections), beside pgjdbc's virtual threads on all the carriers.
     */
    Measured pointSelects(int clients, int n, long warmNanos, long measureNanos) throws Exception {
        if (n == 1) {
            return pointSelects(clients, warmNanos, measureNanos);
        }
        while (loops.size() < n) {
            loops.add(Scheduler.create("pg-bench-" + loops.size()));
        }
        List<List<PgConnection>> shares = new ArrayList<>();
        try {
            for (int l = 0; l < n; l++) {
                int share = share(clients, n, l);
                shares.add(onLoop(loops.get(l), () -> {
                    List<PgConnection> conns = new ArrayList<>();
                    while (conns.size() < share) {
                        conns.add(PgConnection.connect(config));
                    }
                    return conns;
                }));
            }
            return PgBenchSide.warmThenMeasure(nanos -> onEveryLoop(n, l -> run(shares.get(l), nanos)), warmNanos,
                    measureNanos);
        } finally {
            for (int l = 0; l < shares.size(); l++) {
                List<PgConnection> conns = shares.get(l);
                onLoop(loops.get(l), () -> {
                    conns.forEach(PgConnection::close);
                    return null;
                });
            }
        }
    }

    /**
     * Point selects with the {@code clients} coros sharing {@code poolSize} connections (fewer server
     * processes competing with the loops for the cores): spread over {@code n} loops, each with its
     * own {@link PgPool} and its share of the clients and connections.
     */
    Measured pooledPointSelects(int clients, int poolSize, int n, long warmNanos, long measureNanos) throws Exception {
        while (loops.size() < n) {
            loops.add(Scheduler.create("pg-bench-" + loops.size()));
        }
        List<Pool<PgConnection>> pools = new ArrayList<>();
        try {
            for (int l = 0; l < n; l++) {
                int size = share(poolSize, n, l);
                pools.add(onLoop(loops.get(l), () -> PgPool.create(config, PoolConfig.builder("bench-pooled")
                        .minSize(0).maxSize(size).registerMXBean(false).build())));
            }
            return PgBenchSide.warmThenMeasure(nanos -> onEveryLoop(n,
                    l -> runPooled(pools.get(l), share(clients, n, l), nanos)), warmNanos, measureNanos);
        } finally {
            for (int l = 0; l < pools.size(); l++) {
                Pool<PgConnection> pool = pools.get(l);
                onLoop(loops.get(l), () -> {
                    pool.close();
                    return null;
                });
            }
        }
    }

    /** Loop {@code l}'s part of {@code total} spread over {@code n} loops. */
    private static int share(int total, int n, int l) {
        return total / n + (l < total % n ? 1 : 0);
    }

    private static long runPooled(Pool<PgConnection> pool, int clients, long nanos) throws Exception {
        long deadline = System.nanoTime() + nanos;
        long[] ops = new long[clients];
        List<Coro> coros = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int me = i;
            coros.add(Coro.spawn("pooled-client-" + i, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    Row r = pool.use(db -> db.query("select id, name, v from bench where id = $1",
                            1 + rnd.nextInt(TABLE_ROWS)).one());
                    if (r.getInt(0) < 1) {
                        throw new IllegalStateException("bad row " + r);
                    }
                    ops[me]++;
                }
            }));
        }
        long total = 0;
        for (int i = 0; i < clients; i++) {
            coros.get(i).join();
            total += ops[i];
        }
        return total;
    }

    /** What one loop does in a measured stretch: its operations. */
    @FunctionalInterface
    private interface LoopWork {
        long run(int loop) throws Exception;
    }

    /** Runs {@code work} on loops 0..n-1 at once, each loop on a thread of its own; the operations of all. */
    private long onEveryLoop(int n, LoopWork work) throws Exception {
        long[] ops = new long[n];
        Exception[] failed = new Exception[n];
        List<Thread> threads = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            int me = l;
            threads.add(Thread.ofPlatform().name("pg-bench-loop-" + l).start(() -> {
                try {
                    ops[me] = onLoop(loops.get(me), () -> work.run(me));
                } catch (Exception e) {
                    failed[me] = e;
                }
            }));
        }
        long total = 0;
        for (int l = 0; l < threads.size(); l++) {
            threads.get(l).join();
            if (failed[l] != null) {
                throw failed[l];
            }
            total += ops[l];
        }
        return total;
    }

    private static long run(List<PgConnection> conns, long nanos) throws Exception {
        long deadline = System.nanoTime() + nanos;
        long[] ops = new long[conns.size()];
        List<Coro> clients = new ArrayList<>();
        for (int i = 0; i < conns.size(); i++) {
            int me = i;
            PgConnection db = conns.get(i);
            clients.add(Coro.spawn("client-" + i, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    Row r = db.query("select id, name, v from bench where id = $1", 1 + rnd.nextInt(TABLE_ROWS)).one();
                    if (r.getInt(0) < 1) {
                        throw new IllegalStateException("bad row " + r);
                    }
                    ops[me]++;
                }
            }));
        }
        long total = 0;
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).join();
            total += ops[i];
        }
        return total;
    }

    @Override
    public Measured batchInsert(int rows, int times, long minNanos) throws Exception {
        return onLoop(() -> {
            try (PgConnection db = PgConnection.connect(config)) {
                db.simpleQuery("truncate bench_insert");
                Window w = new Window();
                long start = System.nanoTime();
                int t = 0;
                for (; t < times || System.nanoTime() - start < minNanos; t++) {
                    PgBatch batch = db.batch("insert into bench_insert values ($1, $2, $3)");
                    for (int i = 0; i < rows; i++) {
                        batch.add(t * rows + i, "name-" + i, i);
                    }
                    batch.run(); // one transaction, as pgjdbc's executeBatch + commit
                }
                return w.stop((long) rows * t);
            }
        });
    }

    @Override
    public Measured stream(int rows) throws Exception {
        return onLoop(() -> {
            try (PgConnection db = PgConnection.connect(config)) {
                Window w = new Window();
                long n = 0;
                try (PgCursor c = db.cursor("select g, 'name-' || g, g * 3 from generate_series(1, $1::int) g", 1000, rows)) {
                    for (Row r; (r = c.next()) != null; ) {
                        n += r.getLong(0) > 0 ? 1 : 0;
                    }
                }
                return w.stop(n);
            }
        });
    }

    @Override
    public long bytesPerIdleConnection(int n) throws Exception {
        return onLoop(() -> {
            Pool<PgConnection> pool = PgPool.create(config, PoolConfig.builder("bench-idle").minSize(0).maxSize(n)
                    .registerMXBean(false).build());
            try {
                long before = PgBenchSide.usedHeapAfterGc();
                List<io.shrapnel.net.pool.Lease<PgConnection>> leases = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    leases.add(pool.acquire());
                }
                for (var l : leases) {
                    l.connection().query("select 1"); // a statement cached, as a used connection has
                    l.close();
                }
                leases.clear();
                long after = PgBenchSide.usedHeapAfterGc();
                return (after - before) / n;
            } finally {
                pool.close();
            }
        });
    }

    @Override
    public void close() {
        loops.forEach(Scheduler::close);
    }
}
