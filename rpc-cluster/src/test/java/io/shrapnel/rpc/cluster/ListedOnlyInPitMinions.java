package io.shrapnel.rpc.cluster;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Lets a test class be listed, not run, when a PIT mutation minion looks for its tests.
 *
 * <p>pitest-junit5-plugin 1.2.3 finds a class's tests by executing them, also in every mutation
 * minion it starts (and PIT starts a new minion after each mutant that times out): there, the
 * results are thrown away, only the tests' names are kept, yet each etcd test class started its etcd
 * and ran all its waits, about a minute per minion for the watch tests. In that one place (the stack
 * holds both PIT's mutation minion and the plugin's test finder) this runs no lifecycle method and
 * no test body, so the test is reported as passed under its name. Everywhere else (Surefire, PIT's
 * coverage run, each test run against a mutant, which the plugin starts by the test's unique id)
 * everything runs as written.
 *
 * <p>Threading: stateless.
 */
final class ListedOnlyInPitMinions implements InvocationInterceptor {
    private static final String MINION = "org.pitest.mutationtest.execute.MutationTestMinion";
    private static final String FINDER = "org.pitest.junit5.JUnit5TestUnitFinder";

    /** True when the current thread runs a PIT mutation minion's search for tests. */
    static boolean listingForAMinion() {
        return StackWalker.getInstance().walk(frames -> {
            boolean[] seen = new boolean[2];
            frames.forEach(f -> {
                seen[0] |= f.getClassName().equals(MINION);
                seen[1] |= f.getClassName().equals(FINDER);
            });
            return seen[0] && seen[1];
        });
    }

    private static void runUnlessListing(Invocation<Void> invocation) throws Throwable {
        if (listingForAMinion()) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runUnlessListing(invocation);
    }
}
