package io.shrapnel.monitoring.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.CoroView;
import io.shrapnel.monitoring.CorosMXBean;
import io.shrapnel.monitoring.StateCount;
import io.shrapnel.monitoring.internal.jmx.RecordTable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.management.openmbean.TabularData;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link CorosMXBean} over {@link Coro#whereAll()}, with the running profiler's numbers per coro.
 *
 * <p>Threading: called on JMX threads. {@code whereAll} is safe from any thread, and the profiler's
 * numbers come as a snapshot taken on each loop. The tables reuse one walk of every coro for 0.1 s
 * (a volatile, replaced whole): a client reading {@code Coros} and {@code States} together walks
 * the coros once. {@code whereAll()} and {@code stack(id)} always walk afresh.
 */
public final class CorosBean implements CorosMXBean {
    /** Numbers the profiler keeps for one coro. */
    public record Numbers(long resumes, long cpuNanos, long allocatedBytes) {}

    private static final RecordTable<CoroView> COROS = new RecordTable<>(CoroView.class, "Coros", "id");
    private static final RecordTable<StateCount> STATES = new RecordTable<>(StateCount.class, "CoroStates", "state");

    /** How long one walk of every coro serves further reads: a client's getAttributes reads Coros and States together. */
    private static final long REUSE_NANOS = 100_000_000L;

    private final Supplier<Map<Long, Numbers>> profilerNumbers;
    /** The last walk of every coro and when it was taken; replaced whole, read by any thread. */
    private volatile Walk last;

    private record Walk(long at, List<CoroInfo> coros) {}

    /** @param profilerNumbers the running profiler's numbers by coro id (empty when none runs) */
    public CorosBean(Supplier<Map<Long, Numbers>> profilerNumbers) {
        this.profilerNumbers = profilerNumbers;
    }

    @Override
    public int getCount() {
        // Not whereAll().size(): that takes every coro's stack, and JMX consoles poll attributes.
        int n = 0;
        for (Scheduler s : Scheduler.all()) {
            n += s.liveCoros();
        }
        return n;
    }

    @Override
    public TabularData getCoros() {
        return COROS.of(views());
    }

    /** Every live coro, walked now or less than {@link #REUSE_NANOS} ago (each walk takes every coro's stack). */
    private List<CoroInfo> recentWhereAll() {
        Walk w = last;
        long now = System.nanoTime();
        if (w == null || now - w.at() > REUSE_NANOS) {
            w = new Walk(now, Coro.whereAll());
            last = w;
        }
        return w.coros();
    }

    @Override
    public TabularData getStates() {
        Map<String, Integer> counts = new TreeMap<>();
        for (CoroInfo i : recentWhereAll()) {
            counts.merge(i.state().name(), 1, Integer::sum);
        }
        List<StateCount> rows = new ArrayList<>();
        counts.forEach((state, n) -> rows.add(new StateCount(state, n)));
        return STATES.of(rows);
    }

    /** Every live coro with the profiler's numbers. */
    public List<CoroView> views() {
        Map<Long, Numbers> numbers = profilerNumbers.get();
        List<CoroView> out = new ArrayList<>();
        for (CoroInfo i : recentWhereAll()) {
            Numbers n = numbers.get(i.id());
            out.add(new CoroView(i.id(), i.name(), i.loop(), i.state().name(), i.blockedOn(), i.where(),
                    n == null ? -1 : n.resumes(), n == null ? -1 : n.cpuNanos(), n == null ? -1 : n.allocatedBytes()));
        }
        return out;
    }

    @Override
    public String whereAll() {
        return Coro.whereAll().stream().map(CoroInfo::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String stack(long id) {
        for (CoroInfo i : Coro.whereAll()) {
            if (i.id() == id) {
                StringBuilder sb = new StringBuilder(i.toString());
                for (StackTraceElement f : i.stack()) {
                    sb.append("\n    at ").append(f);
                }
                return sb.toString();
            }
        }
        return "no live coro #" + id;
    }
}
