package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;
import io.shrapnel.monitoring.Sampling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Java Flight Recorder's samples and method timings, streamed as they are recorded
 * ({@link RecordingStream}) and counted by thread, then attributed to coros at {@link #stop}. JFR
 * samples a virtual thread as itself while it is mounted (its Java thread id, its own stack), so a
 * sample of a coro's thread belongs to that coro; a sample of a loop thread with no coro mounted is
 * the loop's own work.
 *
 * <p>Methods to time are given as JFR filters ({@code com.example.Foo::bar}, a class, or
 * {@code @com.example.Annotation}): {@code jdk.MethodTiming} (JEP 520) counts every call and its
 * time, over all threads, and {@code jdk.MethodTrace} records each call with its thread, which
 * splits the calls by coro.
 *
 * <p>Threading: start and stop from one thread at a time (the profiler serializes them); the
 * handlers run on the stream's thread and update the counts under this object's lock.
 */
public final class JfrSampler {
    private static final String LOST = "jdk.CPUTimeSamplesLost";
    private static final String TIMING = "jdk.MethodTiming";
    private static final String TRACE = "jdk.MethodTrace";

    private final RecordingStream stream;
    private final Duration period;
    private final Sampling sampling;
    /** thread id, then stack (outermost first), to samples; guarded by this */
    private final Map<Long, Map<List<String>, long[]>> samples = new HashMap<>();
    /** thread id, then method, to {calls, total ns}; guarded by this */
    private final Map<Long, Map<String, long[]>> traced = new HashMap<>();
    private final Map<String, Profile.MethodTiming> timings = new HashMap<>();
    private long lost;

    private JfrSampler(Duration period, Sampling sampling) {
        this.stream = new RecordingStream();
        this.period = period;
        this.sampling = sampling;
    }

    /** True if this JVM records {@code event} (CPU-time samples are Linux only, and experimental in JDK 25). */
    public static boolean available(String event) {
        return FlightRecorder.getFlightRecorder().getEventTypes().stream().map(EventType::getName)
                .anyMatch(event::equals);
    }

    /**
     * Starts sampling every {@code period} (of CPU time, or of wall time for {@link Sampling#EXECUTION}),
     * with {@code sampling} if this JVM has it (else execution samples), and timing {@code timedMethods}.
     */
    public static JfrSampler start(Duration period, Sampling sampling, List<String> timedMethods) {
        Sampling used = available(sampling.event()) ? sampling : Sampling.EXECUTION;
        JfrSampler s = new JfrSampler(period, used);
        RecordingStream rs = s.stream;
        if (used == Sampling.CPU_TIME) {
            rs.enable(used.event()).with("throttle", Math.max(1, period.toNanos() / 1000) + "us").withStackTrace();
            rs.enable(LOST);
            rs.onEvent(LOST, s::lost);
        } else {
            rs.enable(used.event()).withPeriod(period).withStackTrace();
        }
        rs.onEvent(used.event(), s::sample);
        if (!timedMethods.isEmpty()) {
            String filter = String.join(";", timedMethods);
            rs.enable(TIMING).with("filter", filter).with("period", "endChunk");
            rs.enable(TRACE).with("filter", filter).withThreshold(Duration.ZERO).withoutStackTrace();
            rs.onEvent(TIMING, s::timing);
            rs.onEvent(TRACE, s::trace);
        }
        rs.startAsync();
        return s;
    }

    public Duration period() {
        return period;
    }

    /** The sampling actually used. */
    public Sampling sampling() {
        return sampling;
    }

    private synchronized void sample(RecordedEvent e) {
        RecordedThread t = e.getThread(sampling.threadField());
        RecordedStackTrace st = e.getStackTrace();
        if (t == null || st == null) {
            return;
        }
        samples.computeIfAbsent(t.getJavaThreadId(), k -> new HashMap<>())
                .computeIfAbsent(frames(st), k -> new long[1])[0]++;
    }

    private synchronized void lost(RecordedEvent e) {
        lost += e.getInt("lostSamples");
    }

    private synchronized void timing(RecordedEvent e) {
        String method = name(e.getValue("method"));
        long invocations = e.getLong("invocations");
        long average = nanos(e, "average");
        Profile.MethodTiming t = new Profile.MethodTiming(method, invocations,
                invocations == 0 || average < 0 ? average : average * invocations, nanos(e, "minimum"), nanos(e, "maximum"));
        timings.merge(method, t, (a, b) -> b.invocations() >= a.invocations() ? b : a); // each event: the totals so far
    }

    /** A timespan of {@code e} in ns, or -1 where JFR left it out (its clock too coarse to measure it). */
    private static long nanos(RecordedEvent e, String field) {
        return e.getLong(field) == Long.MIN_VALUE ? -1 : e.getDuration(field).toNanos();
    }

    private synchronized void trace(RecordedEvent e) {
        RecordedThread t = e.getThread("eventThread");
        if (t == null) {
            return;
        }
        long[] n = traced.computeIfAbsent(t.getJavaThreadId(), k -> new HashMap<>())
                .computeIfAbsent(name(e.getValue("method")), k -> new long[2]);
        n[0]++;
        n[1] += e.getDuration().toNanos();
    }

    /** Stops recording (waiting for the last events) and returns what it counted, by coro. */
    public Result stop(Map<Long, Long> threadToCoro) {
        try {
            endChunk();
            stream.stop(); // not under the lock: it waits for the handlers, which take it
        } finally {
            stream.close();
        }
        synchronized (this) {
            return result(threadToCoro);
        }
    }

    /**
     * Ends the recording's current chunk, which makes JFR emit the {@code endChunk} events (the
     * method timings' totals) while the stream still reads: a recording that starts and stops
     * rotates the chunk. (Stopping the stream alone did not emit them in a test JVM.)
     */
    private static void endChunk() {
        try (Recording rotate = new Recording()) {
            rotate.start();
            rotate.stop();
        }
    }

    private Result result(Map<Long, Long> threadToCoro) {
        Map<Long, Map<List<String>, long[]>> byCoro = new HashMap<>();
        samples.forEach((thread, stacks) -> {
            Long coro = threadToCoro.get(thread);
            if (coro != null) { // other threads (JMX, offload pools, backdoor sessions) are left out
                stacks.forEach((frames, n) -> byCoro.computeIfAbsent(coro, k -> new HashMap<>())
                        .computeIfAbsent(frames, k -> new long[1])[0] += n[0]);
            }
        });
        List<Profile.StackRow> stacks = new ArrayList<>();
        byCoro.forEach((coro, m) -> m.forEach((frames, n) -> stacks.add(new Profile.StackRow(coro, n[0], frames))));
        Map<Long, Map<String, long[]>> callsByCoro = new HashMap<>();
        traced.forEach((thread, methods) -> {
            long coro = threadToCoro.getOrDefault(thread, Profile.MethodCalls.OTHER_THREADS);
            methods.forEach((m, n) -> {
                long[] sum = callsByCoro.computeIfAbsent(coro, k -> new HashMap<>()).computeIfAbsent(m, k -> new long[2]);
                sum[0] += n[0];
                sum[1] += n[1];
            });
        });
        List<Profile.MethodCalls> calls = new ArrayList<>();
        callsByCoro.forEach((coro, m) -> m.forEach((method, n) -> calls.add(new Profile.MethodCalls(coro, method, n[0], n[1]))));
        return new Result(sampling.event(), lost, stacks, new ArrayList<>(timings.values()), calls);
    }

    /** What a recording counted. */
    public record Result(String event, long lostSamples, List<Profile.StackRow> stacks,
                         List<Profile.MethodTiming> timings, List<Profile.MethodCalls> calls) {}

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    /** The stack outermost frame first, each frame as {@code class.method}. */
    private static List<String> frames(RecordedStackTrace st) {
        List<RecordedFrame> frames = st.getFrames();
        List<String> out = new ArrayList<>(frames.size() + 1);
        if (st.isTruncated()) {
            out.add("[truncated]");
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            out.add(name(frames.get(i).getMethod()));
        }
        return out;
    }
}
