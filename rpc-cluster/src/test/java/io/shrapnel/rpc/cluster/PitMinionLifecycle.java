package io.shrapnel.rpc.cluster;

import com.google.protobuf.ByteString;
import io.shrapnel.rpc.cluster.internal.etcd.DeleteRangeRequest;
import io.shrapnel.rpc.cluster.internal.etcd.DeleteRangeResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Keeps an etcd test class's etcd and the JVM's warm-up out of the time PIT gives each test of a
 * mutation minion; changes nothing outside PIT's mutation minions (Surefire, PIT's coverage run).
 *
 * <p>Why: pitest-junit5-plugin 1.2.3 finds a class's tests by executing them, in every mutation
 * minion it starts (a new one after each mutant that times out); it keeps only their names. It then
 * runs each test against a mutant on its own (by the test's unique id), so the class's
 * {@code @BeforeAll} (a new etcd) and {@code @AfterAll} run inside that one test's time limit, which
 * PIT computes from the test's own time without them (1.25 times it plus 2.5 s): on a busy machine
 * an etcd start, or a fresh JVM's first HTTP call and JSON parse, took that long, and mutants were
 * counted as detected by a time-out that had nothing to do with them.
 *
 * <p>In a mutation minion, therefore: while the minion lists the tests, no test body runs, but the
 * class's {@code @BeforeAll} does (its etcd starts there, untimed) and the JVM is warmed up once (a
 * request and an answer through the client, against a {@link FakeGateway}); the class's etcd (the
 * static {@link EtcdServer} field the class or its base declares) is kept for all the class's tests
 * run against mutants, emptied of every key before each of them (a test run many times, once per
 * mutant, finds no key of its earlier runs), and its {@code @AfterAll} never runs (the etcd goes
 * with the minion's JVM: {@link EtcdServer}'s shutdown hook and its script's guard). Should the kept
 * etcd not answer, the class's {@code @BeforeAll} starts a new one as usual.
 *
 * <p>Threading: called by one thread at a time (a minion lists its tests in its main thread, then
 * runs each test against a mutant in a new thread, one after the other); no lock (a lock held
 * around a test loop's run blocked the next class's {@code @BeforeAll}).
 */
final class PitMinionLifecycle implements InvocationInterceptor {
    private static final String MINION = "org.pitest.mutationtest.execute.MutationTestMinion";
    private static final String FINDER = "org.pitest.junit5.JUnit5TestUnitFinder";
    private static final Map<Class<?>, EtcdServer> KEPT = new HashMap<>();
    private static boolean warmedUp;
    private static volatile boolean mutationMinion;

    private enum Stage { NOT_IN_A_MINION, LISTING, TESTING }

    /**
     * Where the caller is. PIT runs each test against a mutant in a thread of its own (to time it
     * out), whose stack shows no minion: a JVM that has listed tests for a mutation minion is one.
     */
    private static Stage stage() {
        boolean listing = StackWalker.getInstance().walk(frames -> {
            boolean[] seen = new boolean[2];
            frames.forEach(f -> {
                seen[0] |= f.getClassName().equals(MINION);
                seen[1] |= f.getClassName().equals(FINDER);
            });
            return seen[0] && seen[1];
        });
        if (listing) {
            mutationMinion = true;
            return Stage.LISTING;
        }
        return mutationMinion ? Stage.TESTING : Stage.NOT_IN_A_MINION;
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        Stage stage = stage();
        if (stage == Stage.NOT_IN_A_MINION) {
            invocation.proceed();
            return;
        }
        Field field = etcdField(context.getRequiredTestClass());
        EtcdServer kept = KEPT.get(context.getRequiredTestClass());
        if (kept != null && emptied(kept)) {
            invocation.skip();
            field.set(null, kept);
        } else {
            invocation.proceed();
            KEPT.put(context.getRequiredTestClass(), (EtcdServer) field.get(null));
        }
        if (stage == Stage.LISTING && !warmedUp) {
            warmedUp = true;
            warmUp((EtcdServer) field.get(null));
        }
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        if (stage() == Stage.NOT_IN_A_MINION) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
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

    private static void runUnlessListing(Invocation<Void> invocation) throws Throwable {
        if (stage() == Stage.LISTING) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    /**
     * Deletes every key of {@code etcd} (what the class's tests run before left behind), so that each
     * test finds an etcd as empty as a fresh one; false if etcd did not answer.
     */
    private static boolean emptied(EtcdServer etcd) throws Exception {
        ByteString zero = ByteString.copyFrom(new byte[] {0});
        boolean[] done = new boolean[1];
        WithEtcd.inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                c.call("/v3/kv/deleterange", DeleteRangeRequest.newBuilder().setKey(zero).setRangeEnd(zero).build(),
                        DeleteRangeResponse.getDefaultInstance());
                done[0] = true;
            } catch (java.io.IOException down) {
                // a fresh etcd then
            }
        });
        return done[0];
    }

    /** The static {@link EtcdServer} field of {@code testClass} or of a class it extends. */
    private static Field etcdField(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == EtcdServer.class) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        throw new IllegalStateException(testClass + " has no static EtcdServer field");
    }

    /**
     * What a fresh JVM does slowly the first time (the kernel's loop, an HTTP exchange, JSON print and
     * parse, a watch stream, a lease), done once before any test is timed: a fresh minion's first
     * test took 2.5 s longer than the same test after it.
     */
    private static void warmUp(EtcdServer etcd) throws Exception {
        String range = "{\"header\":{\"revision\":\"2\"},\"kvs\":[{\"key\":\"L3c=\",\"value\":\"dg==\",\"mod_revision\":\"2\"}],\"count\":\"1\"}";
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> FakeGateway.answer(200, "OK", range, false));
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                c.rangePrefix("/w");
            }
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long revision = c.put("/pit-warm-up/a", "v");
                List<WatchEvent> seen = new java.util.ArrayList<>();
                try (Watch w = c.watchPrefix("/pit-warm-up/", revision, (events, last) -> seen.addAll(events))) {
                    EtcdClientTest.await(() -> !seen.isEmpty());
                }
                long lease = c.grantLease(java.time.Duration.ofSeconds(5));
                c.keepAliveOnce(lease);
                c.putIfAbsent("/pit-warm-up/b", "v", lease);
                c.revokeLease(lease);
                c.deletePrefix("/pit-warm-up/");
            }
        });
    }
}
