package io.shrapnel.monitoring;

/**
 * Which samples of Java Flight Recorder the {@link Profiler} takes of the running coros.
 */
public enum Sampling {
    /**
     * {@code jdk.CPUTimeSample} (JEP 509, Linux): a sample per period of a thread's CPU time, taken
     * by a CPU-time timer of the kernel, so a coro is sampled in proportion to the CPU it burns,
     * native code and waits for locks excepted. Linux checks such timers once per scheduler tick:
     * a thread gets at most {@code CONFIG_HZ} samples per second of CPU (250 on many kernels),
     * whatever the period. Where the JVM lacks the event the profiler falls back to {@link #EXECUTION}.
     */
    CPU_TIME("jdk.CPUTimeSample", "eventThread"),
    /**
     * {@code jdk.ExecutionSample}: every period (1 ms at the least), JFR's sampler thread stops the
     * threads running Java code and records their stacks: up to a thousand samples per second of a
     * thread's time on a CPU.
     */
    EXECUTION("jdk.ExecutionSample", "sampledThread");

    private final String event;
    private final String threadField;

    Sampling(String event, String threadField) {
        this.event = event;
        this.threadField = threadField;
    }

    /** The JFR event's name. */
    public String event() {
        return event;
    }

    /** The event's field holding the sampled thread. */
    public String threadField() {
        return threadField;
    }
}
