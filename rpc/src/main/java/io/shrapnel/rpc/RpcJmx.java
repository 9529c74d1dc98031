package io.shrapnel.rpc;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The {@link RpcMXBean} of one side over its {@link RpcStats}, and its registration.
 *
 * <p>Threading: JMX calls it from its own threads; the stats are thread-safe; the rate's previous
 * sample is guarded by this object's lock.
 */
final class RpcJmx implements RpcMXBean {
    /** Set by the first {@link #registerOnce}; package-private so that a test can register again. */
    static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private final RpcStats stats;
    private long lastStarted;
    private long lastNanos;

    RpcJmx(RpcStats stats) {
        this.stats = stats;
    }

    /**
     * Once per JVM, before the first connection: registers the client and server beans (a JMX
     * failure is not the caller's problem) and loads Chronicle Bytes on an offload thread, not on
     * the loop (its first use takes a second or two of class loading and static setup, which would
     * hold every coro of the loop and trip the latency warning).
     */
    static void registerOnce() {
        if (REGISTERED.compareAndSet(false, true)) {
            try {
                io.shrapnel.kernel.Coro.offload(() -> {
                    new io.shrapnel.rpc.internal.FrameBuffer(16).release();
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException("Chronicle Bytes could not start (are the JVM flags set?)", e);
            }
            try {
                var server = ManagementFactory.getPlatformMBeanServer();
                server.registerMBean(new RpcJmx(RpcStats.CLIENT), new ObjectName("io.shrapnel:type=Rpc,name=client"));
                server.registerMBean(new RpcJmx(RpcStats.SERVER), new ObjectName("io.shrapnel:type=Rpc,name=server"));
            } catch (JMException | SecurityException e) {
                System.err.println("shrapnel rpc: JMX beans not registered: " + e);
            }
        }
    }

    @Override
    public long getOpenConnections() {
        return stats.openConnections.sum();
    }

    @Override
    public long getCallsInFlight() {
        long n = 0;
        for (RpcStats.MethodCounters c : stats.snapshot().values()) {
            n += c.inFlight();
        }
        return n;
    }

    @Override
    public long getCallsStarted() {
        long n = 0;
        for (RpcStats.MethodCounters c : stats.snapshot().values()) {
            n += c.started.sum();
        }
        return n;
    }

    @Override
    public synchronized double getCallsPerSecond() {
        long now = System.nanoTime();
        long started = getCallsStarted();
        double rate = lastNanos == 0 || now == lastNanos ? 0 : (started - lastStarted) * 1e9 / (now - lastNanos);
        lastNanos = now;
        lastStarted = started;
        return rate;
    }

    @Override
    public long getCallsFailed() {
        long n = 0;
        for (RpcStats.MethodCounters c : stats.snapshot().values()) {
            n += c.ended.sum() - c.byStatus[StatusCode.OK.number()].sum();
        }
        return n;
    }

    @Override
    public Map<String, Long> getCallsByStatus() {
        Map<String, Long> out = new TreeMap<>();
        for (RpcStats.MethodCounters c : stats.snapshot().values()) {
            for (StatusCode code : StatusCode.values()) {
                long n = c.byStatus[code.number()].sum();
                if (n > 0) {
                    out.merge(code.name(), n, Long::sum);
                }
            }
        }
        return out;
    }

    @Override
    public List<MethodStats> getMethods() {
        List<MethodStats> out = new ArrayList<>();
        stats.snapshot().forEach((name, c) -> out.add(new MethodStats(name, c.started.sum(), c.inFlight(),
                c.ended.sum() - c.byStatus[StatusCode.OK.number()].sum(), c.bytesIn.sum(), c.bytesOut.sum())));
        return out;
    }
}
