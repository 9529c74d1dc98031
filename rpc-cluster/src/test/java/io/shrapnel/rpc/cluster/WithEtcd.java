package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.testing.TestLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that need a real etcd: one per test class, started before and killed after. */
abstract class WithEtcd {
    static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.launch();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
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
