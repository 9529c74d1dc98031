package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway client against a real etcd started for this class. */
class EtcdClientTest extends WithEtcd {
    @Test
    void putRangeDelete() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long rev = c.put("/t/kv/a", "1");
                c.put("/t/kv/b", "two");
                c.put("/t/kw", "outside");
                Range one = c.range("/t/kv/a");
                assertEquals(1, one.entries().size());
                assertEquals("1", one.entries().get(0).text());
                assertEquals(rev, one.entries().get(0).modRevision());
                assertTrue(one.revision() >= rev);
                Range all = c.rangePrefix("/t/kv/");
                assertEquals(List.of("/t/kv/a", "/t/kv/b"), all.entries().stream().map(Entry::key).toList());
                assertEquals(1, c.delete("/t/kv/a"));
                assertEquals(0, c.delete("/t/kv/a"));
                assertTrue(c.range("/t/kv/a").entries().isEmpty());
                assertEquals(1, c.deletePrefix("/t/kv/"));
                assertEquals("outside", c.range("/t/kw").entries().get(0).text());
            }
        });
    }

    @Test
    void compareAndPut() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                assertTrue(c.putIfAbsent("/t/cas", "first", 0));
                assertFalse(c.putIfAbsent("/t/cas", "second", 0));
                Entry e = c.range("/t/cas").entries().get(0);
                assertEquals("first", e.text());
                assertFalse(c.compareAndPut("/t/cas", e.modRevision() - 1, "stale", 0));
                assertTrue(c.compareAndPut("/t/cas", e.modRevision(), "third", 0));
                assertEquals("third", c.range("/t/cas").entries().get(0).text());
            }
        });
    }

    @Test
    void leasesKeepKeysAliveUntilRevoked() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long lease = c.grantLease(Duration.ofSeconds(5));
                c.put("/t/leased", "x", lease);
                assertEquals(lease, c.range("/t/leased").entries().get(0).lease());
                long left = c.keepAliveOnce(lease);
                assertTrue(left > 0 && left <= 5, "ttl " + left);
                c.revokeLease(lease);
                assertTrue(c.range("/t/leased").entries().isEmpty());
                assertEquals(0, c.keepAliveOnce(lease));
                EtcdException e = assertThrows(EtcdException.class, () -> c.put("/t/leased", "y", lease));
                assertTrue(e.getMessage().contains("lease not found"), e.getMessage());
            }
        });
    }

    @Test
    void watchSeesPutsAndDeletesInOrder() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/t/w/zero", "before") + 1;
                List<String> seen = new ArrayList<>();
                try (Watch w = c.watchPrefix("/t/w/", start, (events, rev) -> {
                    for (WatchEvent e : events) {
                        seen.add((e.deleted() ? "-" : "+") + e.entry().key() + "=" + e.entry().text());
                    }
                })) {
                    c.put("/t/w/a", "1");
                    c.put("/t/other", "no");
                    c.put("/t/w/b", "2");
                    c.delete("/t/w/a");
                    await(() -> seen.size() == 3);
                    assertEquals(List.of("+/t/w/a=1", "+/t/w/b=2", "-/t/w/a="), seen);
                    assertEquals(0, w.reconnects());
                }
            }
        });
    }

    @Test
    void failsOverToTheEndpointThatAnswers() throws Exception {
        int dead = EtcdServer.freePort();
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:" + dead, etcd.endpoint()))) {
                c.put("/t/fo", "v");
                assertEquals(etcd.endpoint(), c.currentEndpoint().toString());
                assertEquals("v", c.range("/t/fo").entries().get(0).text());
            }
        });
    }

    @Test
    void unreachableEtcdIsAClearError() throws Exception {
        int dead1 = EtcdServer.freePort();
        int dead2 = EtcdServer.freePort();
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:" + dead1, "http://127.0.0.1:" + dead2))) {
                EtcdException e = assertThrows(EtcdException.class, () -> c.range("/t"));
                assertEquals(EtcdException.UNAVAILABLE, e.code());
                assertTrue(e.getMessage().contains("no etcd endpoint answered /v3/kv/range"), e.getMessage());
                assertTrue(e.getMessage().contains(":" + dead1 + ": ") && e.getMessage().contains(":" + dead2 + ": "),
                        e.getMessage());
                // each endpoint tried once, in order, the errors separated by "; "
                String tried = e.getMessage().substring(e.getMessage().indexOf("/v3/kv/range: ") + "/v3/kv/range: ".length());
                assertTrue(tried.startsWith("http://127.0.0.1:" + dead1 + ": "), tried);
                assertTrue(tried.contains("; http://127.0.0.1:" + dead2 + ": "), tried);
                assertEquals(2, tried.split("http://").length - 1, tried);
            }
        });
    }

    @Test
    void aWatchThatSawAnEndpointFailMovesTheNextRequestOn() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:1", "http://127.0.0.1:2"))) {
                URI first = URI.create("http://127.0.0.1:1");
                URI second = URI.create("http://127.0.0.1:2");
                assertEquals(List.of(first, second), c.endpoints());
                assertEquals(first, c.currentEndpoint());
                c.failedOver(second); // not the current one: nothing moves
                assertEquals(first, c.currentEndpoint());
                c.failedOver(first);
                assertEquals(second, c.currentEndpoint());
                c.failedOver(second);
                assertEquals(first, c.currentEndpoint());
            }
        });
    }

    @Test
    void errorsAreDescribedByTheirMessageOrTheirKind() {
        assertEquals("timed out", EtcdClient.describe(new io.shrapnel.kernel.TimeoutError(Duration.ofSeconds(1))));
        assertEquals("refused", EtcdClient.describe(new java.io.IOException("refused")));
        assertEquals("EOFException", EtcdClient.describe(new java.io.EOFException()));
    }

    @Test
    void prefixEndIsThePrefixWithItsLastByteRaised() {
        assertEquals("b", EtcdClient.prefixEnd("a").toStringUtf8());
        assertEquals("/t/l0", EtcdClient.prefixEnd("/t/l/").toStringUtf8());
    }

    @Test
    void aGatewayAnswerThatIsNotJsonIsAnErrorWithItsStatus() throws Exception {
        inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                EtcdException e = assertThrows(EtcdException.class, () -> c.call("/v3/no/such/call",
                        io.shrapnel.rpc.cluster.internal.etcd.RangeRequest.getDefaultInstance(),
                        io.shrapnel.rpc.cluster.internal.etcd.RangeResponse.getDefaultInstance()));
                assertTrue(e.getMessage().startsWith("etcd answered /v3/no/such/call with 404"), e.getMessage());
            }
        });
    }

    @Test
    void badEndpointsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> EtcdClient.connect(List.of()));
        assertThrows(IllegalArgumentException.class, () -> EtcdClient.connect(List.of("https://127.0.0.1:1")));
        assertThrows(IllegalArgumentException.class, () -> EtcdClient.connect(List.of("http://127.0.0.1")));
        inLoop(() -> {
            try (EtcdClient odd = EtcdClient.connect(List.of("http://127.0.0.1:0"))) {
                assertEquals(0, odd.currentEndpoint().getPort()); // a port, if an odd one
            }
        });
    }

    /**
     * How long a test waits for what must happen (an event, a condition): long, since a loaded CI
     * machine may stall a loop or etcd for seconds; only a test that fails waits that long.
     */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Polls {@code cond} from a coro every 10 ms for up to {@link #PATIENCE}. */
    static void await(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE.toSeconds() + " s");
            }
            Coro.sleep(Duration.ofMillis(10));
        }
    }
}
