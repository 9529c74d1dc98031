package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests that need a real etcd: one per test class, started before and killed after
 * (in a PIT mutation minion, one per class for all its tests: {@link PitMinionLifecycle}).
 */
@ExtendWith(PitMinionLifecycle.class)
abstract class WithEtcd {
    static EtcdServer etcd;

    /**
     * With {@code SHRAPNEL_ETCD_PER_JVM=1} in the environment (mutation runs: PIT runs each test method
     * on its own, so each would start an etcd of its own, about 3 s on a busy machine), one etcd serves
     * every test class of the JVM: started by the first, wiped (no key, no lease) before each class,
     * killed when the JVM exits (or by its script's guard when the JVM is killed). For test classes
     * that do not stop, pause or restart {@link #etcd}.
     */
    static final boolean ONE_PER_JVM = "1".equals(System.getenv("SHRAPNEL_ETCD_PER_JVM"));
    private static EtcdServer perJvm;

    @BeforeAll
    static void startEtcd() throws Exception {
        if (!ONE_PER_JVM) {
            etcd = EtcdServer.launch();
            return;
        }
        synchronized (WithEtcd.class) {
            if (perJvm == null) {
                perJvm = EtcdServer.launch();
            } else {
                perJvm.wipe();
            }
            etcd = perJvm;
        }
    }

    @AfterAll
    static void stopEtcd() {
        if (!ONE_PER_JVM) {
            etcd.close();
        }
    }

    /**
     * The lease of test nodes whose lease running out is not what the test is about: a loaded CI
     * machine may stall a loop for longer than the 2 s default (then the node drops out and joins
     * again, which such a test does not expect). Leaving still revokes it at once.
     */
    static final Duration STEADY_TTL = Duration.ofSeconds(30);

    /** Joins the test's etcd as {@code name} (actor address or null) under {@link #STEADY_TTL}. */
    static Cluster joinSteady(String name, InetSocketAddress actorAddress) throws IOException {
        return Cluster.join(etcd.endpoints(), name, actorAddress, STEADY_TTL);
    }

    /** Waits (up to 10 s) until the test's coro is the only one left on its loop. */
    static void awaitOthersEnded() {
        EtcdClientTest.await(() -> io.shrapnel.kernel.Coro.current().scheduler().liveCoros() == 1);
    }

    /** Runs {@code body} as a coro of a fresh test loop (which fails the test if coros are left behind). */
    static void inLoop(Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(body);
        }
    }
}
