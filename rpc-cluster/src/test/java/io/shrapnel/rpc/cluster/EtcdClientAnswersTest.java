package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.StreamedResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway client against answers a real etcd does not give on demand, from a {@link FakeGateway}
 * (a coro on loopback): connections closed after each answer, errors without a message, a refused
 * lease, a stream that is not answered; and the client's own checks.
 */
class EtcdClientAnswersTest {
    private static final String PUT_ANSWER = "{\"header\":{\"revision\":\"5\"}}";

    /** Answers every request at once on a kept-alive connection, then closes it: the client's pooled connection goes stale. */
    private static FakeGateway closingAfterEachAnswer() throws IOException {
        return FakeGateway.start(r -> FakeGateway.answer(200, "OK",
                r.path().equals("/v3/kv/txn") ? "{\"succeeded\":true}" : PUT_ANSWER, true));
    }

    @Test
    void aRequestMetByAStaleConnectionIsSentOnceMoreButATransactionIsNot() throws Exception {
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = closingAfterEachAnswer();
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                assertEquals(5, c.put("/a", "1"));
                assertEquals(1, c.idleConnections()); // kept, though the gateway has closed it
                assertEquals(5, c.put("/b", "2")); // met by the closed connection, sent again on a new one
                assertEquals(List.of("/v3/kv/put", "/v3/kv/put"), gateway.requests.stream().map(FakeGateway.Request::path).toList());
                assertTrue(gateway.requests.get(1).body().contains("\"key\":\"L2I=\""), gateway.requests.get(1).body());
                // a transaction may have reached etcd before the connection failed: it is not sent twice
                EtcdException e = assertThrows(EtcdException.class, () -> c.putIfAbsent("/c", "3", 0));
                assertEquals(EtcdException.UNAVAILABLE, e.code());
                assertTrue(e.getMessage().startsWith("no etcd endpoint answered /v3/kv/txn: " + gateway.endpoint() + ": "), e.getMessage());
                assertEquals(2, gateway.requests.size());
                assertTrue(c.putIfAbsent("/c", "3", 0)); // on a new connection
                assertEquals(3, gateway.requests.size());
            }
        });
    }

    @Test
    void closingTheClientClosesItsKeptConnections() throws Exception {
        WithEtcd.inLoop(() -> {
            String created = "{\"result\":{\"header\":{\"revision\":\"7\"},\"created\":true}}\n";
            try (FakeGateway gateway = FakeGateway.start(r -> r.path().equals("/v3/watch")
                    ? FakeGateway.answer(200, "OK", created, true) : FakeGateway.answer(200, "OK", PUT_ANSWER, true))) {
                EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()));
                c.put("/a", "1");
                assertEquals(1, c.idleConnections());
                c.close();
                assertEquals(0, c.idleConnections());

                EtcdClient s = EtcdClient.connect(List.of(gateway.endpoint()));
                try (StreamedResponse r = s.openStream(s.currentEndpoint(), "/v3/watch", "{}")) {
                    assertEquals(created, new String(r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
                assertEquals(1, s.idleConnections()); // the stream's connection, kept
                s.close();
                assertEquals(0, s.idleConnections());
            }
        });
    }

    @Test
    void aGatewayErrorIsDescribedByItsMessageOrElseItsErrorText() throws Exception {
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> FakeGateway.answer(400, "Bad Request",
                    r.body().contains("L20=") ? "{\"error\":\"the error text\",\"code\":3,\"message\":\"the message\"}"
                            : "{\"error\":\"only the error text\",\"code\":11}", false));
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                EtcdException both = assertThrows(EtcdException.class, () -> c.put("/m", "v"));
                assertEquals(3, both.code());
                assertEquals("etcd answered /v3/kv/put with 400: the message", both.getMessage());
                EtcdException errorOnly = assertThrows(EtcdException.class, () -> c.put("/e", "v"));
                assertEquals(11, errorOnly.code());
                assertEquals("etcd answered /v3/kv/put with 400: only the error text", errorOnly.getMessage());
            }
        });
    }

    @Test
    void aLeaseEtcdRefusesIsAnError() throws Exception {
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> FakeGateway.answer(200, "OK",
                    "{\"ID\":\"0\",\"TTL\":\"0\",\"error\":\"etcdserver: too many requests\"}", false));
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                EtcdException e = assertThrows(EtcdException.class, () -> c.grantLease(Duration.ofSeconds(3)));
                assertEquals(9, e.code());
                assertEquals("etcd refused a lease of PT3S: etcdserver: too many requests", e.getMessage());
                assertTrue(gateway.requests.get(0).body().contains("\"TTL\":\"3\""), gateway.requests.get(0).body());
            }
        });
    }

    @Test
    void aKeepAliveAnsweredWithNothingIsAnError() throws Exception {
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> FakeGateway.answer(200, "OK", "\n\n", false));
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()))) {
                EtcdException e = assertThrows(EtcdException.class, () -> c.keepAliveOnce(42));
                assertEquals("etcd answered the keep-alive of lease 42 with nothing", e.getMessage());
            }
        });
    }

    @Test
    void aStreamNotAnsweredInTimeOrRefusedIsAnError() throws Exception {
        WithEtcd.inLoop(() -> {
            try (FakeGateway gateway = FakeGateway.start(r -> r.body().equals("silent") ? null
                    : FakeGateway.answer(503, "Service Unavailable", "{\"error\":\"not now\"}", false));
                    EtcdClient c = EtcdClient.connect(List.of(gateway.endpoint()), Duration.ofMillis(300))) {
                IOException late = assertThrows(IOException.class, () -> c.openStream(c.currentEndpoint(), "/v3/watch", "silent"));
                assertEquals(gateway.endpoint() + "/v3/watch: no answer within 300 ms", late.getMessage());
                IOException refused = assertThrows(IOException.class, () -> c.openStream(c.currentEndpoint(), "/v3/watch", "{}"));
                assertEquals(gateway.endpoint() + "/v3/watch: answered 503 Service Unavailable {\"error\":\"not now\"}", refused.getMessage());
            }
        });
    }

    @Test
    void theWatchLivenessLimitIsPositiveOrNone() throws Exception {
        WithEtcd.inLoop(() -> {
            try (EtcdClient c = EtcdClient.connect(List.of("http://127.0.0.1:1"))) {
                assertNull(c.watchLiveness());
                assertThrows(IllegalArgumentException.class, () -> c.watchLiveness(Duration.ZERO));
                assertThrows(IllegalArgumentException.class, () -> c.watchLiveness(Duration.ofMillis(-1)));
                assertNull(c.watchLiveness());
                assertSame(c, c.watchLiveness(Duration.ofMillis(1)));
                assertEquals(Duration.ofMillis(1), c.watchLiveness());
                assertSame(c, c.watchLiveness(null));
                assertNull(c.watchLiveness());
            }
        });
    }

    @Test
    void theEmptyPrefixEndsAtZeroThatIsEveryKey() {
        assertArrayEquals(new byte[] {0}, EtcdClient.prefixEnd("").toByteArray());
    }
}
