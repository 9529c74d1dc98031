package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Execution samples from Java Flight Recorder ({@code jdk.ExecutionSample}), attributed to coros.
 * JFR samples a virtual thread as itself while it is mounted (its Java thread id, its own stack), so
 * a sample of a coro's thread belongs to that coro; a sample of a loop thread with no coro mounted
 * is the loop's own work. The recording is kept in memory and a temporary file only until
 * {@link #stop} has read it.
 *
 * <p>Threading: start and stop from one thread at a time (the profiler serializes them).
 */
public final class JfrSampler {
    private final Recording recording;
    private final Duration period;

    private JfrSampler(Recording recording, Duration period) {
        this.recording = recording;
        this.period = period;
    }

    public static JfrSampler start(Duration period) {
        Recording r = new Recording();
        r.setName("shrapnel-profiler");
        r.setToDisk(true);
        r.enable("jdk.ExecutionSample").withPeriod(period).withStackTrace();
        r.start();
        return new JfrSampler(r, period);
    }

    public Duration period() {
        return period;
    }

    /**
     * Stops the recording and returns its samples of the threads in {@code threadToCoro}, grouped
     * by coro and stack; samples of other threads (JMX, offload pools, the backdoor's sessions) are
     * left out.
     */
    public List<Profile.StackRow> stop(Map<Long, Long> threadToCoro) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("shrapnel-profile", ".jfr");
        try {
            try {
                recording.dump(file);
            } finally {
                recording.close();
            }
            Map<Long, Map<List<String>, long[]>> byCoro = new HashMap<>();
            try (RecordingFile in = new RecordingFile(file)) {
                while (in.hasMoreEvents()) {
                    RecordedEvent e = in.readEvent();
                    if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                        continue;
                    }
                    RecordedThread t = e.getThread("sampledThread");
                    Long coro = t == null ? null : threadToCoro.get(t.getJavaThreadId());
                    RecordedStackTrace st = e.getStackTrace();
                    if (coro == null || st == null) {
                        continue;
                    }
                    byCoro.computeIfAbsent(coro, k -> new HashMap<>())
                            .computeIfAbsent(frames(st), k -> new long[1])[0]++;
                }
            }
            List<Profile.StackRow> out = new ArrayList<>();
            byCoro.forEach((coro, stacks) -> stacks.forEach((frames, n) -> out.add(new Profile.StackRow(coro, n[0], frames))));
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The stack outermost frame first, each frame as {@code class.method}. */
    private static List<String> frames(RecordedStackTrace st) {
        List<RecordedFrame> frames = st.getFrames();
        List<String> out = new ArrayList<>(frames.size() + 1);
        if (st.isTruncated()) {
            out.add("[truncated]");
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame f = frames.get(i);
            out.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        }
        return out;
    }
}
