package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/demo cluster} reaches rpc-cluster's {@code ClusterDemo} (whose own tests and
 * {@code bin/cluster-demo} run it against a real etcd): without a node name it prints its usage.
 */
class ClusterExampleTest {
    @Test
    void theClusterDemoIsReachableByNameAndSaysHowToRunIt() throws Exception {
        try (ExampleProcess p = ExampleProcess.start("cluster")) {
            assertEquals(2, p.awaitExit(), String.join("\n", p.lines()));
            p.awaitLine("usage: ClusterDemo NAME [ACTOR_PORT [ETCD_ENDPOINTS [LEAVE_AFTER_SECONDS]]]");
        }
    }
}
