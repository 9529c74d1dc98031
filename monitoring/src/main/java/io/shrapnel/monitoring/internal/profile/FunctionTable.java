package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-function view of a profile's samples: for each function, the samples that found it on
 * top of the stack (self, the original's "non-aggregate") or anywhere on it (total, "aggregate"),
 * the coros it was seen in, and who called whom how often.
 *
 * <p>A sampling profiler does not count calls: where the original showed calls, this shows samples.
 * A function that recurses counts once per sample, and so does each caller-callee pair.
 *
 * <p>Threading: immutable once built.
 */
public final class FunctionTable {
    /**
     * One function's numbers.
     *
     * @param selfCoros coros sampled running the function's own code
     * @param coros coros sampled with the function anywhere on the stack
     */
    public record Function(String name, long self, long total, int selfCoros, int coros) {}

    private final Map<String, Function> functions;
    /** caller, then callee, to samples with that call on the stack */
    private final Map<String, Map<String, Long>> calls;
    private final Map<String, Map<String, Long>> callers;

    private FunctionTable(Map<String, Function> functions, Map<String, Map<String, Long>> calls,
                          Map<String, Map<String, Long>> callers) {
        this.functions = functions;
        this.calls = calls;
        this.callers = callers;
    }

    public static FunctionTable of(Profile profile) {
        Map<String, long[]> self = new HashMap<>();
        Map<String, long[]> total = new HashMap<>();
        Map<String, Set<Long>> coros = new HashMap<>();
        Map<String, Set<Long>> selfCoros = new HashMap<>();
        Map<String, Map<String, Long>> calls = new HashMap<>();
        Map<String, Map<String, Long>> callers = new HashMap<>();
        for (Profile.StackRow s : profile.stacks()) {
            List<String> frames = s.frames();
            if (frames.isEmpty()) {
                continue;
            }
            long n = s.count();
            String top = frames.get(frames.size() - 1);
            self.computeIfAbsent(top, k -> new long[1])[0] += n;
            selfCoros.computeIfAbsent(top, k -> new HashSet<>()).add(s.coroId());
            Set<String> seen = new HashSet<>();
            Set<String> seenCalls = new HashSet<>();
            for (int i = 0; i < frames.size(); i++) {
                String f = frames.get(i);
                if (seen.add(f)) {
                    total.computeIfAbsent(f, k -> new long[1])[0] += n;
                    coros.computeIfAbsent(f, k -> new HashSet<>()).add(s.coroId());
                }
                if (i > 0) {
                    String caller = frames.get(i - 1);
                    if (seenCalls.add(caller + "\n" + f)) {
                        calls.computeIfAbsent(caller, k -> new HashMap<>()).merge(f, n, Long::sum);
                        callers.computeIfAbsent(f, k -> new HashMap<>()).merge(caller, n, Long::sum);
                    }
                }
            }
        }
        Map<String, Function> functions = new TreeMap<>();
        total.forEach((f, t) -> functions.put(f, new Function(f, self.getOrDefault(f, new long[1])[0], t[0],
                selfCoros.getOrDefault(f, Set.of()).size(), coros.get(f).size())));
        return new FunctionTable(functions, calls, callers);
    }

    /** Every function, by name. */
    public List<Function> functions() {
        return new ArrayList<>(functions.values());
    }

    /** Functions by self samples, most first (ties by name). */
    public List<Function> bySelf() {
        List<Function> out = functions();
        out.sort(Comparator.comparingLong(Function::self).reversed().thenComparing(Function::name));
        return out;
    }

    /** Functions by total samples, most first (ties by name). */
    public List<Function> byTotal() {
        List<Function> out = functions();
        out.sort(Comparator.comparingLong(Function::total).reversed().thenComparing(Function::name));
        return out;
    }

    public Function function(String name) {
        return functions.get(name);
    }

    /** The functions {@code name} was seen calling, with the samples of each call. */
    public Map<String, Long> callees(String name) {
        return calls.getOrDefault(name, Map.of());
    }

    /** The functions seen calling {@code name}, with the samples of each call. */
    public Map<String, Long> callers(String name) {
        return callers.getOrDefault(name, Map.of());
    }
}
