package io.shrapnel.monitoring.internal;

import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.SliceHistogram;
import io.shrapnel.monitoring.SchedulerMXBean;
import io.shrapnel.monitoring.SliceBucket;
import io.shrapnel.monitoring.internal.jmx.RecordTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.openmbean.TabularData;

/**
 * {@link SchedulerMXBean} over one loop. Each getter takes a fresh {@link Scheduler#stats()}: a JMX
 * client reads attributes one call at a time anyway.
 *
 * <p>Threading: immutable; called on JMX threads, reads the loop racily.
 */
public final class SchedulerBean implements SchedulerMXBean {
    private static final RecordTable<SliceBucket> SLICES = new RecordTable<>(SliceBucket.class, "SliceHistogram", "bucket");

    private final Scheduler loop;

    public SchedulerBean(Scheduler loop) {
        this.loop = loop;
    }

    public Scheduler loop() {
        return loop;
    }

    private Scheduler.Stats stats() {
        return loop.stats();
    }

    @Override
    public String getName() {
        return loop.name();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public int getLiveCoros() {
        return stats().liveCoros();
    }

    @Override
    public int getReadyCoros() {
        return stats().readyCoros();
    }

    @Override
    public int getPendingTimers() {
        return stats().pendingTimers();
    }

    @Override
    public long getPasses() {
        return stats().passes();
    }

    @Override
    public long getResumes() {
        return stats().resumes();
    }

    @Override
    public long getSelects() {
        return stats().selects();
    }

    @Override
    public long getTimersFired() {
        return stats().timersFired();
    }

    @Override
    public long getLatencyWarnings() {
        return stats().latencyWarnings();
    }

    @Override
    public long getSpawned() {
        return stats().spawned();
    }

    @Override
    public long getPostsTaken() {
        return stats().postsTaken();
    }

    @Override
    public long getSelectorWakeups() {
        return stats().selectorWakeups();
    }

    @Override
    public long getUptimeMillis() {
        return stats().uptime().toMillis();
    }

    @Override
    public boolean isSliceTiming() {
        return loop.sliceTiming();
    }

    @Override
    public void setSliceTiming(boolean on) {
        loop.setSliceTiming(on);
    }

    @Override
    public TabularData getSliceHistogram() {
        long[] counts = loop.sliceHistogram().counts();
        List<SliceBucket> rows = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                long below = i == counts.length - 1 ? Long.MAX_VALUE : SliceHistogram.lowerBoundNanos(i + 1);
                rows.add(new SliceBucket(i, SliceHistogram.lowerBoundNanos(i), below, counts[i]));
            }
        }
        return SLICES.of(rows);
    }

    @Override
    public String whereAll() {
        return loop.whereAll().stream().map(CoroInfo::toString).collect(Collectors.joining("\n"));
    }
}
