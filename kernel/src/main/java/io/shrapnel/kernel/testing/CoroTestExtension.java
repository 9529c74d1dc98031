package io.shrapnel.kernel.testing;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.ExceptionNotifier;
import io.shrapnel.kernel.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves coros alive on any loop, or during which a coro died of an uncaught
 * exception (as Shrapnel's {@code ThreadFailedTest} did). Use it on every test class that runs
 * coros: {@code @ExtendWith(CoroTestExtension.class)}.
 *
 * <p>While a test runs, uncaught coro exceptions are recorded (and printed as usual). A test that
 * expects one installs its own notifier with {@link Coro#setExceptionNotifier}; the extension
 * restores the previous notifier afterwards. Loops the test created and did not close are closed.
 */
public final class CoroTestExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CoroTestExtension.class);

    private record State(Set<Scheduler> before, List<String> uncaught, ExceptionNotifier previous) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> uncaught = new CopyOnWriteArrayList<>();
        ExceptionNotifier[] previous = new ExceptionNotifier[1];
        previous[0] = Coro.setExceptionNotifier((coro, error) -> {
            uncaught.add(coro + ": " + error);
            previous[0].uncaught(coro, error);
        });
        context.getStore(NS).put("state", new State(Set.copyOf(Scheduler.all()), uncaught, previous[0]));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        State st = context.getStore(NS).remove("state", State.class);
        Coro.setExceptionNotifier(st.previous());
        List<String> problems = new ArrayList<>();
        for (String u : st.uncaught()) {
            problems.add("uncaught exception in " + u);
        }
        for (Scheduler s : Scheduler.all()) {
            for (CoroInfo info : s.whereAll()) {
                problems.add("coro left alive: " + info);
            }
            if (!st.before().contains(s) && !s.isRunning()) {
                s.close();
            }
        }
        if (!problems.isEmpty() && context.getExecutionException().isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
