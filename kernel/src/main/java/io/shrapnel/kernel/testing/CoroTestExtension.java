package io.shrapnel.kernel.testing;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.ExceptionNotifier;
import io.shrapnel.kernel.Scheduler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Fails a test that leaves coros alive on any loop, or during which a coro died of an uncaught
 * exception (as Shrapnel's {@code ThreadFailedTest} did). Use it on every test class that runs
 * coros: {@code @ExtendWith(CoroTestExtension.class)}.
 *
 * <p>While a test runs, uncaught coro exceptions are recorded (and printed as usual). A test that
 * expects one installs its own notifier with {@link Coro#setExceptionNotifier}; the extension
 * restores the previous notifier afterwards. Loops the test created and did not close are closed.
 *
 * <p>A deadline: a test method runs on a thread of its own and fails after
 * {@code shrapnel.test.timeout} (a JUnit configuration parameter or system property, in seconds,
 * default 60; 0 turns it off), even when its loop never parks again (a coro spinning in {@code while (true) {}},
 * which neither JUnit's timeout nor an interrupt can stop). The failure shows every loop's coros and
 * the stack of the one that holds each running loop; the stuck thread is abandoned (a daemon) and the
 * rest of the suite runs on.
 */
public final class CoroTestExtension implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CoroTestExtension.class);
    private static final String TIMEOUT = "shrapnel.test.timeout";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Loops of tests that missed their deadline: still held by a stuck coro, left out of later checks. */
    private static final Set<Scheduler> ABANDONED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        Duration limit = context.getConfigurationParameter(TIMEOUT)
                .or(() -> java.util.Optional.ofNullable(System.getProperty(TIMEOUT)))
                .map(s -> Duration.ofMillis((long) (Double.parseDouble(s.strip()) * 1000)))
                .orElse(DEFAULT_TIMEOUT);
        if (limit.isZero()) {
            invocation.proceed(); // 0 turns the deadline off: the test runs on JUnit's thread
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().daemon().name("test " + context.getDisplayName()).start(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        boolean finished;
        try {
            finished = runner.join(limit);
        } catch (InterruptedException e) {
            finished = false; // JUnit's own timeout fired first: report the same way
        }
        if (!finished) {
            String report = stuckReport();
            State st = context.getStore(NS).get("state", State.class);
            for (Scheduler s : Scheduler.all()) {
                if (st == null || !st.before().contains(s)) {
                    ABANDONED.add(s);
                }
            }
            runner.interrupt();
            throw new AssertionError(context.getDisplayName() + " did not finish within " + limit.toMillis()
                    + " ms (" + TIMEOUT + "); its thread is abandoned.\n" + report);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Every loop's live coros, and where the coro that holds a running loop is. */
    private static String stuckReport() {
        StringBuilder b = new StringBuilder();
        for (Scheduler s : Scheduler.all()) {
            b.append("loop ").append(s.name()).append(s.isRunning() ? " (running)" : "").append('\n');
            for (CoroInfo info : s.whereAll()) {
                b.append("  ").append(info).append('\n');
                if (info.state() == Coro.State.RUNNING && info.stack() != null) {
                    for (int i = 0; i < Math.min(12, info.stack().length); i++) {
                        b.append("      at ").append(info.stack()[i]).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

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
            if (ABANDONED.contains(s)) {
                continue; // reported by the test that missed its deadline
            }
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
