package io.shrapnel.monitoring;

/**
 * The {@link Profiler} from JConsole: {@code io.shrapnel:type=Profiler,name=profiler}.
 */
public interface ProfilerMXBean {
    boolean isRunning();

    /** Starts profiling every loop, with JFR execution samples every {@code samplePeriodMillis}. */
    void start(long samplePeriodMillis);

    /** Stops, writes the report to {@code reportFile} (empty: the default file) and returns a one-line summary. */
    String stop(String reportFile);
}
