package io.shrapnel.monitoring;

/**
 * The {@link Profiler} from JConsole: {@code io.shrapnel:type=Profiler,name=profiler}.
 */
@Description("The per-coro profiler: start it, stop it to write a report, render a report as HTML")
public interface ProfilerMXBean {
    @Description("True while the profiler runs")
    boolean isRunning();

    /** Starts profiling every loop, with CPU-time samples every {@code samplePeriodMillis}. */
    @Description("Starts profiling every loop, sampling each coro's stack every so many ms of CPU time")
    void start(@Description(name = "samplePeriodMillis", value = "Milliseconds of CPU time between two samples of a thread (1 or more)")
               long samplePeriodMillis);

    /** Stops, writes the report to {@code reportFile} (empty: the default file) and returns a one-line summary. */
    @Description("Stops the profiler, writes its report and returns a one-line summary")
    String stop(@Description(name = "reportFile", value = "Where to write the report; empty for the default file")
                String reportFile);

    /** The report in {@code reportFile} (empty: the default file) as a self-contained HTML page. */
    @Description("A report written by stop, as a self-contained HTML page (tables and a flame graph per coro name)")
    String html(@Description(name = "reportFile", value = "The report to render; empty for the default file")
                String reportFile);
}
