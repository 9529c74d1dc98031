package io.shrapnel.kernel;

import java.util.Collections;
import java.util.List;

/**
 * One or more tasks given to {@link Parallel#inParallel} failed. Every failure is attached as a
 * suppressed exception (the first also as the cause), and {@link #outcomes()} holds what each task,
 * in input order, returned or threw.
 */
public final class InParallelError extends Exception {
    /** What one task did: returned {@code value}, or threw {@code error} (then value is null). */
    public record Outcome(Object value, Throwable error) {
        public boolean failed() {
            return error != null;
        }
    }

    private final transient List<Outcome> outcomes;

    InParallelError(List<Outcome> outcomes, int failures) {
        super(failures + " of " + outcomes.size() + " parallel tasks failed", firstError(outcomes));
        this.outcomes = Collections.unmodifiableList(outcomes);
        for (Outcome o : outcomes) {
            if (o.failed()) {
                addSuppressed(o.error);
            }
        }
    }

    private static Throwable firstError(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.failed()) {
                return o.error;
            }
        }
        return null;
    }

    /** One outcome per task, in the order the tasks were given. */
    public List<Outcome> outcomes() {
        return outcomes;
    }
}
