package io.shrapnel.monitoring.internal.profile;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.monitoring.Profile;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The profiler's report file: UTF-8 text, one record per line, fields separated by tabs, so that it
 * can be read with {@code grep} and {@code awk} as well as by {@link #read}.
 *
 * <pre>
 * shrapnel-profile	2
 * started	2026-01-02T03:04:05Z
 * duration-ns	1500000000
 * sample-period-ns	10000000
 * jvm	25.0.3+9-LTS
 * sampler	jdk.CPUTimeSample
 * lost-samples	0
 * coro	ID	RESUMES	WALL-NS	CPU-NS	ALLOCATED-BYTES	LOOP	NAME
 * stack	CORO-ID	COUNT	outer.Frame.method;...;inner.Frame.method
 * timing	INVOCATIONS	TOTAL-NS	MIN-NS	MAX-NS	class.method
 * calls	CORO-ID	CALLS	TOTAL-NS	class.method
 * </pre>
 *
 * Version 1 reports (no sampler, lost-samples, timing or calls lines: execution samples) are read too.
 *
 * In text fields a backslash escapes itself, {@code t} (tab), {@code n}, {@code r} and, in frames,
 * {@code ;}; a missing name is {@code \N}.
 *
 * <p>Threading: stateless.
 */
public final class ReportFormat {
    static final String MAGIC = "shrapnel-profile";
    static final int VERSION = 2;

    private ReportFormat() {}

    public static void write(Profile p, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, UTF_8)) {
            line(w, MAGIC, String.valueOf(VERSION));
            line(w, "started", p.started().toString());
            line(w, "duration-ns", String.valueOf(p.durationNanos()));
            line(w, "sample-period-ns", String.valueOf(p.samplePeriodNanos()));
            line(w, "jvm", escape(p.jvm()));
            line(w, "sampler", escape(p.sampler()));
            line(w, "lost-samples", String.valueOf(p.lostSamples()));
            for (Profile.CoroRow c : p.coros()) {
                line(w, "coro", String.valueOf(c.id()), String.valueOf(c.resumes()), String.valueOf(c.wallNanos()),
                        String.valueOf(c.cpuNanos()), String.valueOf(c.allocatedBytes()), escape(c.loop()),
                        escape(c.name()));
            }
            for (Profile.StackRow s : p.stacks()) {
                StringBuilder frames = new StringBuilder();
                for (String f : s.frames()) {
                    if (!frames.isEmpty()) {
                        frames.append(';');
                    }
                    frames.append(escape(f).replace(";", "\\;"));
                }
                line(w, "stack", String.valueOf(s.coroId()), String.valueOf(s.count()), frames.toString());
            }
            for (Profile.MethodTiming t : p.timings()) {
                line(w, "timing", String.valueOf(t.invocations()), String.valueOf(t.totalNanos()),
                        String.valueOf(t.minNanos()), String.valueOf(t.maxNanos()), escape(t.method()));
            }
            for (Profile.MethodCalls c : p.calls()) {
                line(w, "calls", String.valueOf(c.coroId()), String.valueOf(c.calls()), String.valueOf(c.totalNanos()),
                        escape(c.method()));
            }
        }
    }

    private static void line(BufferedWriter w, String... fields) throws IOException {
        w.write(String.join("\t", fields));
        w.write('\n');
    }

    public static Profile read(Path file) throws IOException {
        Instant started = null;
        long duration = -1;
        long period = -1;
        String jvm = null;
        List<Profile.CoroRow> coros = new ArrayList<>();
        List<Profile.StackRow> stacks = new ArrayList<>();
        String sampler = "jdk.ExecutionSample";
        long lost = 0;
        List<Profile.MethodTiming> timings = new ArrayList<>();
        List<Profile.MethodCalls> calls = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, UTF_8)) {
            String line = r.readLine();
            if (line == null || !(line.equals(MAGIC + "\t" + VERSION) || line.equals(MAGIC + "\t1"))) {
                throw new IOException(file + " is not a Shrapnel profile report (version " + VERSION
                        + "): its first line is " + (line == null ? "missing" : "'" + abbreviate(line) + "'"));
            }
            for (int n = 2; (line = r.readLine()) != null; n++) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                try {
                    switch (f[0]) {
                        case "started" -> started = Instant.parse(fields(f, 2)[1]);
                        case "duration-ns" -> duration = Long.parseLong(fields(f, 2)[1]);
                        case "sample-period-ns" -> period = Long.parseLong(fields(f, 2)[1]);
                        case "jvm" -> jvm = unescape(fields(f, 2)[1]);
                        case "sampler" -> sampler = unescape(fields(f, 2)[1]);
                        case "lost-samples" -> lost = Long.parseLong(fields(f, 2)[1]);
                        case "timing" -> {
                            fields(f, 6);
                            timings.add(new Profile.MethodTiming(unescape(f[5]), Long.parseLong(f[1]),
                                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
                        }
                        case "calls" -> {
                            fields(f, 5);
                            calls.add(new Profile.MethodCalls(Long.parseLong(f[1]), unescape(f[4]),
                                    Long.parseLong(f[2]), Long.parseLong(f[3])));
                        }
                        case "coro" -> {
                            fields(f, 8);
                            coros.add(new Profile.CoroRow(Long.parseLong(f[1]), unescape(f[6]), unescape(f[7]),
                                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                                    Long.parseLong(f[5])));
                        }
                        case "stack" -> {
                            fields(f, 4);
                            stacks.add(new Profile.StackRow(Long.parseLong(f[1]), Long.parseLong(f[2]), frames(f[3])));
                        }
                        default -> throw new IllegalArgumentException("unknown record '" + abbreviate(f[0]) + "'");
                    }
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        if (started == null || duration < 0 || period < 0) {
            throw new IOException(file + " is truncated: it lacks its started, duration-ns or sample-period-ns line");
        }
        return new Profile(started, duration, period, jvm, coros, stacks, sampler, lost, timings, calls);
    }

    private static String[] fields(String[] f, int count) {
        if (f.length != count) {
            throw new IllegalArgumentException("'" + f[0] + "' needs " + count + " tab-separated fields, not " + f.length);
        }
        return f;
    }

    private static List<String> frames(String field) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                cur.append(c).append(field.charAt(++i)); // unescape() below resolves it; a ';' after '\' is text
            } else if (c == ';') {
                out.add(unescape(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty() || !out.isEmpty()) {
            out.add(unescape(cur.toString()));
        }
        return out;
    }

    static String escape(String s) {
        if (s == null) {
            return "\\N";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.equals("\\N")) {
            return null;
        }
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("a text field ends in a lone backslash");
            }
            char e = s.charAt(i);
            sb.append(switch (e) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case ';' -> ';';
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            });
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
