package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;
import io.shrapnel.monitoring.Sampling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile as one self-contained HTML page, laid out like the original Shrapnel's
 * {@code print_profile}: tables sortable by clicking a column (largest first, click again for
 * smallest), columns with percentages of the column's total and per-run columns, then a call graph
 * with each function's callers above it and callees below it as {@code x/y (percent)}.
 *
 * <p>Threading: stateless.
 */
public final class ProfilePage {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1em 2em; }
            table.sortable { border-collapse: collapse; margin-bottom: 0.5em; }
            table.sortable th, table.sortable td { border: 1px solid #999; padding: 2px 6px; }
            table.sortable td { text-align: right; font-family: monospace; }
            table.sortable td.text { text-align: left; }
            table.sortable th { background: #eee; cursor: pointer; user-select: none; }
            th[data-dir=down]::after { content: " \\2193"; }
            th[data-dir=up]::after { content: " \\2191"; }
            .pct { color: #666; }
            pre { margin: 0.3em 0 1em 0; }
            """;

    /** Sorts the rows of every table.sortable by the clicked column: cells' data-v when present, else their text. */
    private static final String SORT_SCRIPT = """
            document.addEventListener('DOMContentLoaded', function () {
              function key(td) {
                var v = td.getAttribute('data-v');
                return v !== null ? parseFloat(v) : td.textContent;
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var heads = table.tHead.rows[0].cells;
                Array.prototype.forEach.call(heads, function (th, col) {
                  th.addEventListener('click', function () {
                    var down = th.getAttribute('data-dir') !== 'down';
                    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
                    th.setAttribute('data-dir', down ? 'down' : 'up');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = key(a.cells[col]), y = key(b.cells[col]);
                      var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
                      return down ? -c : c;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
            });
            """;

    private final Profile profile;
    private final FunctionTable functions;
    private final Map<String, Integer> anchors = new HashMap<>();
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private ProfilePage(Profile profile) {
        this.profile = profile;
        this.functions = FunctionTable.of(profile);
        int i = 0;
        for (FunctionTable.Function f : functions.functions()) {
            anchors.put(f.name(), i++);
        }
    }

    public static String render(Profile profile) {
        return new ProfilePage(profile).page();
    }

    private String page() {
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Shrapnel Profile</title>\n<style>\n")
                .append(STYLE).append("</style>\n<script>\n").append(SORT_SCRIPT).append(FlameGraph.SCRIPT)
                .append("</script></head>\n<body>\n");
        out.append("<h1>Shrapnel Profile Results</h1>\n");
        long samples = profile.sampleCount();
        out.append("<p>Profiled for ").append(ms(profile.durationNanos())).append(" ms from ")
                .append(esc(profile.started().toString())).append("; ").append(samples)
                .append(" samples (").append(esc(String.valueOf(profile.sampler()))).append(", one every ")
                .append(ms(profile.samplePeriodNanos()))
                .append(Sampling.CPU_TIME.event().equals(profile.sampler()) ? " ms of a thread's CPU time" : " ms")
                .append(profile.lostSamples() > 0 ? "; " + profile.lostSamples() + " lost" : "").append("); ")
                .append(esc(String.valueOf(profile.jvm()))).append(".</p>\n");
        coroTable("Coros", "coros", profile.coros());
        coroTable("Coros by name", "names", byName(profile.coros()));
        out.append("<p>Time is time holding the loop; CPU is the loop thread's CPU time shared among the coros that ran "
                + "in each millisecond; allocated is what the loop thread allocated while the coro ran. "
                + "Rows named [loop] are each loop's own work between coros (polls, timers, posts). "
                + "<tt>/run</tt> columns are per run of the coro, on average. Click a column to sort.</p>\n<hr>\n");
        timedMethods();
        flameGraphs();
        functionTable("Non-Aggregate Timings", "self", functions.bySelf(), true, samples);
        out.append("<hr>\n");
        functionTable("Aggregate Timings", "total", functions.byTotal(), false, samples);
        out.append("<p>Non-aggregate: samples that found the function running its own code; aggregate: samples that "
                + "found it anywhere on the stack. Time is samples &times; the sample period. A sampling profiler "
                + "does not count calls: <tt>/coro</tt> columns are per coro the function was seen in.</p>\n");
        callGraph();
        out.append("<hr>\n<p>Report written at ").append(esc(Instant.now().toString())).append("</p>\n</body></html>\n");
        return out.toString();
    }

    private static List<Profile.CoroRow> byName(List<Profile.CoroRow> rows) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, String> loops = new HashMap<>();
        for (Profile.CoroRow r : rows) {
            String key = String.valueOf(r.name());
            long[] s = sums.computeIfAbsent(key, k -> new long[5]);
            s[0]++;
            s[1] += r.resumes();
            s[2] += r.wallNanos();
            s[3] += r.cpuNanos();
            s[4] += r.allocatedBytes();
            loops.merge(key, r.loop(), (a, b) -> a.equals(b) ? a : "several");
        }
        List<Profile.CoroRow> out = new ArrayList<>();
        // The id column of this table holds the number of coros of that name.
        sums.forEach((name, s) -> out.add(new Profile.CoroRow(s[0], loops.get(name), name, s[1], s[2], s[3], s[4])));
        out.sort(Comparator.comparingLong(Profile.CoroRow::wallNanos).reversed());
        return out;
    }

    private void coroTable(String title, String id, List<Profile.CoroRow> rows) {
        boolean grouped = id.equals("names");
        Map<Long, Long> samplesByCoro = new HashMap<>();
        for (Profile.StackRow s : profile.stacks()) {
            samplesByCoro.merge(s.coroId(), s.count(), Long::sum);
        }
        Map<String, Long> samplesByName = new HashMap<>();
        for (Profile.CoroRow r : profile.coros()) {
            samplesByName.merge(String.valueOf(r.name()), samplesByCoro.getOrDefault(r.id(), 0L), Long::sum);
        }
        long wall = 0;
        long cpu = 0;
        long alloc = 0;
        long samples = profile.sampleCount();
        for (Profile.CoroRow r : rows) {
            wall += r.wallNanos();
            cpu += r.cpuNanos();
            alloc += r.allocatedBytes();
        }
        out.append("<h2>").append(title).append("</h2>\n<table id=\"").append(id).append("\" class=\"sortable\">\n<thead><tr>")
                .append(grouped ? "<th>coros</th>" : "<th>id</th>")
                .append("<th>name</th><th>loop</th><th>runs</th><th>time ms</th><th>time &micro;s/run</th>"
                        + "<th>CPU ms</th><th>CPU &micro;s/run</th><th>allocated KB</th><th>allocated B/run</th>"
                        + "<th>samples</th></tr></thead>\n<tbody>\n");
        for (Profile.CoroRow r : rows) {
            long s = grouped ? samplesByName.getOrDefault(String.valueOf(r.name()), 0L)
                    : samplesByCoro.getOrDefault(r.id(), 0L);
            out.append("<tr>");
            num(r.id(), String.valueOf(r.id()));
            text(r.name() == null ? "" : r.name());
            text(r.loop());
            num(r.resumes(), String.valueOf(r.resumes()));
            withPct(r.wallNanos(), ms(r.wallNanos()), wall);
            perRun(r.wallNanos() / 1000.0, r.resumes());
            withPct(r.cpuNanos(), ms(r.cpuNanos()), cpu);
            perRun(r.cpuNanos() / 1000.0, r.resumes());
            withPct(r.allocatedBytes(), String.format(Locale.ROOT, "%.1f", r.allocatedBytes() / 1024.0), alloc);
            perRun(r.allocatedBytes(), r.resumes());
            withPct(s, String.valueOf(s), samples);
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /** The timed methods: exact calls and times over all threads, then by coro. */
    private void timedMethods() {
        if (profile.timings().isEmpty() && profile.calls().isEmpty()) {
            return;
        }
        out.append("<h2>Timed methods</h2>\n<table id=\"timings\" class=\"sortable\">\n<thead><tr><th>calls</th>"
                + "<th>time ms</th><th>&micro;s/call</th><th>min &micro;s</th><th>max &micro;s</th><th>method</th>"
                + "</tr></thead>\n<tbody>\n");
        for (Profile.MethodTiming t : profile.timings()) {
            out.append("<tr>");
            num(t.invocations(), String.valueOf(t.invocations()));
            num(t.totalNanos(), ms(t.totalNanos()));
            perRun(t.totalNanos() / 1000.0, t.invocations());
            num(t.minNanos(), micros(t.minNanos()));
            num(t.maxNanos(), micros(t.maxNanos()));
            text(t.method());
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n<h3>Timed methods by coro</h3>\n<table id=\"calls\" class=\"sortable\">\n"
                + "<thead><tr><th>calls</th><th>time ms</th><th>&micro;s/call</th><th>coro</th><th>name</th>"
                + "<th>method</th></tr></thead>\n<tbody>\n");
        Map<Long, String> names = new HashMap<>();
        profile.coros().forEach(r -> names.put(r.id(), r.name() == null ? "" : r.name()));
        for (Profile.MethodCalls c : profile.calls()) {
            boolean other = c.coroId() == Profile.MethodCalls.OTHER_THREADS;
            out.append("<tr>");
            num(c.calls(), String.valueOf(c.calls()));
            num(c.totalNanos(), ms(c.totalNanos()));
            perRun(c.totalNanos() / 1000.0, c.calls());
            num(other ? -1 : c.coroId(), other ? "-" : String.valueOf(c.coroId()));
            text(other ? "(threads that are not coros)" : names.getOrDefault(c.coroId(), ""));
            text(c.method());
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n<p>Calls counted by JFR's method timing (<tt>jdk.MethodTiming</tt>, every call, "
                + "all threads) and split by coro from its method trace (<tt>jdk.MethodTrace</tt>).</p>\n<hr>\n");
    }

    private void flameGraphs() {
        Map<String, String> graphs = FlameGraph.byCoroName(profile);
        if (graphs.isEmpty()) {
            return;
        }
        out.append("<h2>Flame graphs</h2>\n<p>One per coro name: each box a function, as wide as the samples that "
                + "found it on the stack, its callees above it. Hover for numbers; click a box to zoom in, the bottom "
                + "box to zoom out.</p>\n");
        int i = 0;
        for (Map.Entry<String, String> g : graphs.entrySet()) {
            out.append("<h3 id=\"flame").append(i++).append("\">").append(esc(g.getKey())).append("</h3>\n")
                    .append(g.getValue());
        }
        out.append("<hr>\n");
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e3);
    }

    private void functionTable(String title, String id, List<FunctionTable.Function> rows, boolean self, long samples) {
        out.append("<h2>").append(title).append("</h2>\n<table id=\"").append(id).append("\" class=\"sortable\">\n")
                .append("<thead><tr><th>samples</th><th>time ms</th><th>coros</th><th>time ms/coro</th>"
                        + "<th>function</th></tr></thead>\n<tbody>\n");
        double period = profile.samplePeriodNanos();
        for (FunctionTable.Function f : rows) {
            long n = self ? f.self() : f.total();
            if (n == 0) {
                continue;
            }
            int coros = self ? f.selfCoros() : f.coros();
            out.append("<tr>");
            withPct(n, String.valueOf(n), samples);
            num(n * period, ms((long) (n * period)));
            num(coros, String.valueOf(coros));
            num(n * period / coros, ms((long) (n * period / coros)));
            out.append("<td class=\"text\"><a href=\"#cg").append(anchors.get(f.name())).append("\">")
                    .append(esc(f.name())).append("</a></td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void callGraph() {
        out.append("<hr>\n<h2>Call Graph</h2>\n");
        for (FunctionTable.Function f : functions.functions()) {
            out.append("<hr>\n<tt><a id=\"cg").append(anchors.get(f.name())).append("\">").append(esc(f.name()))
                    .append("</a> -- self=").append(f.self()).append(" total=").append(f.total())
                    .append(" coros=").append(f.coros()).append("</tt>\n<pre>\n");
            edges(functions.callers(f.name()), f.total(), true);
            out.append(String.format(Locale.ROOT, "%15d           <b>%s</b>%n", f.total(), esc(f.name())));
            edges(functions.callees(f.name()), 0, false);
            out.append("</pre>\n");
        }
        out.append("<hr>\n<p>Description of the call graph:</p>\n<pre>\n"
                + "function -- self=S total=T coros=C\n\n"
                + "   caller_x/caller_y   (%) caller\n"
                + "    total                <b>function</b>\n"
                + "   callee_x/callee_y   (%) callee\n\n"
                + "caller_x is the number of samples in which the caller was calling this function.\n"
                + "caller_y is the number of samples with this function anywhere on the stack (its total).\n"
                + "callee_x is the number of samples in which this function was calling the callee.\n"
                + "callee_y is the callee's total, whoever called it.\n</pre>\n");
    }

    private void edges(Map<String, Long> edges, long ofTotal, boolean callers) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(edges.entrySet());
        list.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> e : list) {
            long y = callers ? ofTotal : functions.function(e.getKey()).total();
            out.append(String.format(Locale.ROOT, "%10d/%-10d (%4.1f%%) ", e.getValue(), y, 100.0 * e.getValue() / y))
                    .append("<a href=\"#cg").append(anchors.get(e.getKey())).append("\">").append(esc(e.getKey()))
                    .append("</a>\n");
        }
    }

    private void num(double sortValue, String shown) {
        out.append("<td data-v=\"").append(sortValue).append("\">").append(shown).append("</td>");
    }

    private void text(String s) {
        out.append("<td class=\"text\">").append(esc(s)).append("</td>");
    }

    private void withPct(long value, String shown, long columnTotal) {
        out.append("<td data-v=\"").append(value).append("\">").append(shown);
        if (value != 0 && columnTotal > 0) {
            out.append(String.format(Locale.ROOT, " <span class=\"pct\">(%.2f%%)</span>", 100.0 * value / columnTotal));
        }
        out.append("</td>");
    }

    private void perRun(double value, long runs) {
        double v = runs == 0 ? 0 : value / runs;
        num(v, String.format(Locale.ROOT, "%.1f", v));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
