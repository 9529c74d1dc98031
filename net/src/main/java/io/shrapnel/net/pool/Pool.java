package io.shrapnel.net.pool;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import javax.management.ObjectName;

/**
 * A pool of connections of any kind on one loop: a PostgreSQL or MySQL client, or anything a
 * {@link Connector} can open, check, reset and close.
 *
 * <pre>{@code
 * Pool<PgConnection> pool = Pool.create(PoolConfig.builder("db").maxSize(16).build(), connector);
 * try (Lease<PgConnection> lease = pool.acquire()) {
 *     lease.connection().query("select 1");
 * }
 * int n = pool.use(conn -> conn.execute("update t set x = 1"));   // the same, in one call
 * pool.close();
 * }</pre>
 *
 * <ul>
 *   <li>At most {@code maxSize} connections exist (open or being opened); the keeper coro keeps at
 *       least {@code minSize} open, closes those idle past {@code maxIdle} (above {@code minSize})
 *       and those older than {@code maxLifetime} (when idle; a leased one is closed on return).
 *   <li>{@link #acquire()} hands out the most recently used idle connection (checking it first if it
 *       was idle longer than {@code checkAfterIdle}), else opens one if below {@code maxSize}, else
 *       parks the coro in FIFO order until a connection comes back or a slot frees, for at most
 *       {@code acquireTimeout} ({@link PoolTimeoutException}). No thread is blocked.
 *   <li>A returned connection goes through {@link Connector#reset}; if that fails (the connection
 *       broke during use) it is closed and counted as broken, and a waiter gets a fresh slot.
 *   <li>Statistics: {@link #stats()}, and in JMX as {@code io.shrapnel:type=Pool,name=<name>}.
 * </ul>
 *
 * <p>Threading: a pool belongs to one loop; acquire, release and close from coros of that loop
 * (one pool per loop when you run several). {@link #stats()} may be read from any thread.
 *
 * @param <C> the connection type
 */
public final class Pool<C> implements AutoCloseable {
    /** Hand-off values for parked acquirers. */
    private static final Object SLOT = "slot";
    private static final Object TIMED_OUT = "timed out";
    private static final Object CLOSED = "closed";

    /** A connection the pool owns, with its times on the loop's clock. */
    static final class Entry<C> {
        final C connection;
        final long openedAt;
        long idleSince;

        Entry(C connection, long openedAt) {
            this.connection = connection;
            this.openedAt = openedAt;
            this.idleSince = openedAt;
        }
    }

    /** What a parked acquirer was handed; kept so a hand-off is not lost if the coro dies before it runs. */
    private static final class Ticket {
        Object handed;
    }

    private final PoolConfig config;
    private final Connector<C> connector;
    private final Scheduler loop;
    private final PoolCounters counters;
    private final ArrayDeque<Entry<C>> idle = new ArrayDeque<>(); // most recently returned first
    private final WaitQueue waiters = new WaitQueue();
    private final ObjectName jmxName;
    private Scheduler.Cancellable nextRound; // the housekeeping timer
    private Coro keeper;                     // the coro of the round under way, or null
    private int total; // open + being opened
    private boolean closed;

    private Pool(Scheduler loop, PoolConfig config, Connector<C> connector) {
        this.loop = loop;
        this.config = config;
        this.connector = connector;
        this.counters = new PoolCounters(config);
        this.jmxName = config.registerMXBean() ? PoolJmx.register(counters) : null;
        if (loop.inLoop()) {
            startRound();
        } else {
            loop.post(this::startRound);
        }
    }

    /** A pool on the current coro's loop (outside a coro: the default loop). */
    public static <C> Pool<C> create(PoolConfig config, Connector<C> connector) {
        return create(Scheduler.current(), config, connector);
    }

    /** A pool on {@code loop}; its first housekeeping round (opening minSize) starts there at once. Any thread. */
    public static <C> Pool<C> create(Scheduler loop, PoolConfig config, Connector<C> connector) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(connector, "connector");
        return new Pool<>(loop, config, connector);
    }

    public String name() {
        return config.name();
    }

    public PoolConfig config() {
        return config;
    }

    /** The statistics (live view; any thread). */
    public PoolMXBean stats() {
        return counters;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** {@link #acquire(Duration)} with the configured {@code acquireTimeout}. */
    public Lease<C> acquire() throws IOException {
        return acquire(config.acquireTimeout());
    }

    /**
     * A connection for the current coro, waiting at most {@code timeout} (zero: only what is free now).
     *
     * @throws PoolTimeoutException no connection became free in time
     * @throws PoolClosedException the pool is (or got) closed
     * @throws IOException opening a new connection failed
     */
    public Lease<C> acquire(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        checkLoop("acquire");
        long start = loop.clock().nanoTime();
        while (true) {
            if (closed) {
                throw new PoolClosedException("pool " + name() + " is closed; acquire from a pool that is open");
            }
            Entry<C> e = takeIdle();
            if (e != null) {
                return lease(e);
            }
            if (total < config.maxSize()) {
                grow();
                return lease(openReserved());
            }
            Object got = park(timeout, start);
            if (got == SLOT) {
                return lease(openReserved());
            }
            if (got instanceof Entry<?>) {
                @SuppressWarnings("unchecked")
                Entry<C> handed = (Entry<C>) got;
                return lease(handed);
            }
            if (got == TIMED_OUT) {
                counters.timeouts++;
                throw new PoolTimeoutException("pool " + name() + ": no connection free within " + timeout
                        + " (all " + total + " of maxSize " + config.maxSize() + " in use, " + waiters.size()
                        + " coros waiting); raise maxSize or acquireTimeout, hold connections for less time, "
                        + "and give every lease back (try-with-resources)");
            }
            // CLOSED: loop round to throw PoolClosedException
        }
    }

    /**
     * Runs {@code work} with a connection and gives it back, even when {@code work} throws (the
     * connector's {@link Connector#reset reset} then decides whether it is still usable).
     */
    public <T, E extends Exception> T use(Work<C, T, E> work) throws IOException, E {
        try (Lease<C> lease = acquire()) {
            return work.apply(lease.connection());
        }
    }

    /** What {@link #use} runs with a connection. */
    @FunctionalInterface
    public interface Work<C, T, E extends Exception> {
        T apply(C connection) throws E;
    }

    /**
     * Closes the pool: parked acquirers get {@link PoolClosedException}, idle connections are closed
     * now, leased ones when they come back; the keeper stops and the MXBean is unregistered.
     * Idempotent. From a thread that is not the pool's loop, the close is posted to the loop.
     */
    @Override
    public void close() {
        if (!loop.inLoop()) {
            loop.post(this::close);
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (nextRound != null) {
            nextRound.cancel();
        }
        if (keeper != null) {
            keeper.shutdown();
        }
        Waiter w;
        while ((w = waiters.poll()) != null) {
            handOff(w, CLOSED);
        }
        Entry<C> e;
        while ((e = idle.pollFirst()) != null) {
            destroy(e);
        }
        counters.idle = 0;
        if (jmxName != null) {
            PoolJmx.unregister(jmxName);
        }
    }

    @Override
    public String toString() {
        return counters.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Handing out

    private void checkLoop(String what) {
        Coro c = Coro.current();
        if (c == null || c.scheduler() != loop) {
            throw new IllegalStateException("pool " + name() + " belongs to loop " + loop.name() + "; call " + what
                    + " from a coro on that loop (" + (c == null ? Thread.currentThread() : c) + " is not), "
                    + "or make one pool per loop");
        }
    }

    /** The freshest idle connection that is young enough and passes its check, or null. */
    private Entry<C> takeIdle() {
        Entry<C> e;
        while ((e = idle.pollFirst()) != null) {
            counters.idle = idle.size();
            long now = loop.clock().nanoTime();
            if (now - e.openedAt >= config.maxLifetime().toNanos()) {
                destroy(e);
            } else if (now - e.idleSince >= config.checkAfterIdle().toNanos() && !passesCheck(e)) {
                counters.checkFailures++;
                destroy(e);
            } else {
                return e;
            }
        }
        return null;
    }

    private boolean passesCheck(Entry<C> e) {
        try {
            return connector.check(e.connection); // e stays counted in total while it is checked
        } catch (IOException | RuntimeException failed) {
            return false;
        }
    }

    private Lease<C> lease(Entry<C> e) {
        counters.acquired++;
        counters.inUse++;
        return new Lease<>(this, e);
    }

    /** Opens a connection for a slot already counted in {@code total}; frees the slot if that fails. */
    private Entry<C> openReserved() throws IOException {
        C c;
        try {
            c = connector.open();
        } catch (Throwable t) {
            counters.openFailures++;
            counters.lastOpenError = String.valueOf(t);
            shrink();
            slotFreed();
            throw t;
        }
        counters.created++;
        if (closed) {
            shrink();
            connector.close(c);
            counters.closed++;
            throw new PoolClosedException("pool " + name() + " was closed while a connection was being opened");
        }
        return new Entry<>(c, loop.clock().nanoTime());
    }

    private Object park(Duration timeout, long start) {
        if (timeout.isZero() || timeout.isNegative()) {
            return TIMED_OUT;
        }
        long left = timeout.toNanos() - (loop.clock().nanoTime() - start);
        counters.waiting = waiters.size() + 1;
        try {
            return waiters.await(Waiter.begin(this).attach(new Ticket()), passOn,
                    Duration.ofNanos(Math.max(0, left)), TIMED_OUT);
        } finally {
            counters.waiting = waiters.size();
            counters.waited(loop.clock().nanoTime() - start);
        }
    }

    /** Handed a connection (or a slot), then interrupted before it ran: pass it on, do not lose it. */
    private final WaitQueue.Exit passOn = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            giveBack(((Ticket) w.attachment()).handed);
        }
    };

    /** Hands {@code value} to {@code w} if it is still waiting; returns whether it took it. */
    private static boolean handOff(Waiter w, Object value) {
        Ticket t = (Ticket) w.attachment();
        t.handed = value;
        if (w.wake(value)) {
            return true;
        }
        t.handed = null;
        return false;
    }

    /** Something handed to a coro that died before taking it goes back into circulation. */
    @SuppressWarnings("unchecked")
    private void giveBack(Object handed) {
        if (handed == SLOT) {
            shrink();
            slotFreed();
        } else if (handed instanceof Entry<?> e) {
            putBack((Entry<C>) e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Taking back

    /** Called by {@link Lease} before it counts itself released. */
    void checkReleasing() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("a lease of pool " + name() + " was given back from "
                    + Thread.currentThread() + "; close leases in a coro on loop " + loop.name());
        }
    }

    /** Called by {@link Lease}: {@code reusable} false means the user discarded it as broken. */
    void release(Entry<C> e, boolean reusable) {
        counters.inUse--;
        if (!reusable) {
            counters.broken++;
            destroyAndFree(e);
            return;
        }
        if (!closed) {
            try {
                connector.reset(e.connection);
            } catch (IOException | RuntimeException broken) {
                counters.broken++;
                destroyAndFree(e);
                return;
            }
        }
        putBack(e);
    }

    /** A clean connection: to the first waiter still waiting, else idle (or closed if too old or the pool is closed). */
    private void putBack(Entry<C> e) {
        long now = loop.clock().nanoTime();
        if (closed || now - e.openedAt >= config.maxLifetime().toNanos()) {
            destroyAndFree(e);
            return;
        }
        Waiter w;
        while ((w = waiters.poll()) != null) {
            if (handOff(w, e)) {
                counters.waiting = waiters.size();
                return;
            }
        }
        e.idleSince = now;
        idle.addFirst(e);
        counters.idle = idle.size();
    }

    private void grow() {
        counters.total = ++total;
    }

    private void shrink() {
        counters.total = --total;
    }

    private void destroyAndFree(Entry<C> e) {
        destroy(e);
        slotFreed();
    }

    private void destroy(Entry<C> e) {
        shrink();
        counters.closed++;
        try {
            connector.close(e.connection);
        } catch (RuntimeException ignored) {
            // close is best effort by contract; a throwing connector must not break the pool
        }
    }

    /** A slot below maxSize came free: the first waiter may open a connection with it. */
    private void slotFreed() {
        if (closed) {
            return;
        }
        Waiter w;
        while ((w = waiters.poll()) != null) {
            grow();
            if (handOff(w, SLOT)) {
                counters.waiting = waiters.size();
                return;
            }
            shrink();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Housekeeping: a timer every `housekeeping`; each round runs in a short-lived coro because
    // opening connections parks. No coro lives between rounds, so an idle pool holds only a timer.

    private void startRound() {
        if (closed) {
            return;
        }
        keeper = loop.spawn("pool:" + config.name() + ":keeper", () -> {
            try {
                housekeep();
            } finally {
                keeper = null;
                if (!closed) {
                    nextRound = loop.schedule(config.housekeeping(), this::startRound);
                }
            }
        });
    }

    /** Closes idle connections past their idle or life limit, then tops up to minSize. Package-private for tests. */
    void housekeep() {
        long now = loop.clock().nanoTime();
        long maxIdle = config.maxIdle().toNanos();
        long maxLife = config.maxLifetime().toNanos();
        Iterator<Entry<C>> oldestFirst = idle.descendingIterator();
        while (oldestFirst.hasNext()) {
            Entry<C> e = oldestFirst.next();
            boolean tooOld = now - e.openedAt >= maxLife;
            boolean idleTooLong = now - e.idleSince >= maxIdle && total > config.minSize();
            if (tooOld || idleTooLong) {
                oldestFirst.remove();
                destroy(e);
            }
        }
        counters.idle = idle.size();
        while (!closed && total < config.minSize()) {
            grow();
            Entry<C> e;
            try {
                e = openReserved();
            } catch (IOException failed) {
                return; // counted in openFailures; try again next round
            }
            putBack(e);
        }
    }
}
