package io.shrapnel.rpc;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters per method ("package.Service/Method") of one side (all clients, or all servers, of this
 * JVM): calls started, calls in flight, calls ended by status, messages and payload bytes each way.
 * The MXBean ({@link RpcMXBean}) reads them.
 *
 * <p>Threading: loops write, any thread reads (JMX): adders and a concurrent map.
 */
final class RpcStats {
    /** The counters of one method. */
    static final class MethodCounters {
        final LongAdder started = new LongAdder();
        final LongAdder ended = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder[] byStatus = new LongAdder[StatusCode.values().length];

        MethodCounters() {
            for (int i = 0; i < byStatus.length; i++) {
                byStatus[i] = new LongAdder();
            }
        }

        long inFlight() {
            return started.sum() - ended.sum();
        }
    }

    static final RpcStats CLIENT = new RpcStats();
    static final RpcStats SERVER = new RpcStats();

    private final Map<String, MethodCounters> methods = new ConcurrentHashMap<>();
    /** Connections of this side started and not yet closed. */
    final LongAdder openConnections = new LongAdder();

    MethodCounters of(String fullName) {
        return methods.computeIfAbsent(fullName, k -> new MethodCounters());
    }

    void started(Method<?, ?> m) {
        of(m.fullName()).started.increment();
    }

    void finished(ClientCall<?, ?> call, StatusCode code) {
        finished(call.method.fullName(), code);
    }

    void finished(String method, StatusCode code) {
        MethodCounters c = of(method);
        c.ended.increment();
        c.byStatus[code.number()].increment();
    }

    void sent(Method<?, ?> m, int bytes) {
        of(m.fullName()).bytesOut.add(bytes);
    }

    void received(ClientCall<?, ?> call, int bytes) {
        of(call.method.fullName()).bytesIn.add(bytes);
    }

    /** A snapshot, sorted by method name. */
    Map<String, MethodCounters> snapshot() {
        return new TreeMap<>(methods);
    }
}
