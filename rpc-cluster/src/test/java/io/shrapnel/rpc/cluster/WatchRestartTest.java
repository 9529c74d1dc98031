package io.shrapnel.rpc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** etcd killed and restarted under a watching client: every event arrives once, in order. */
class WatchRestartTest extends WithEtcd {
    @Test
    void noEventLostOrRepeatedAcrossAnEtcdRestart() throws Exception {
        inLoop(() -> {
            List<String> seen = new ArrayList<>();
            List<String> reconnects = new ArrayList<>();
            try (EtcdClient c = EtcdClient.connect(etcd.endpoints())) {
                long start = c.put("/r/start", "") + 1;
                try (Watch w = c.watchPrefix("/r/k/", start, new Watch.Listener() {
                    @Override
                    public void onEvents(List<WatchEvent> events, long revision) {
                        events.forEach(e -> seen.add(e.entry().key().substring(5) + (e.deleted() ? "-" : "+")));
                    }

                    @Override
                    public void onReconnect(java.net.URI endpoint, String error) {
                        reconnects.add(error);
                    }
                })) {
                    for (int i = 0; i < 5; i++) {
                        c.put("/r/k/" + i, "v");
                    }
                    EtcdClientTest.await(() -> seen.size() == 5);
                    io.shrapnel.kernel.Coro.offload(() -> {
                        etcd.stop();
                        etcd.start();
                        return null;
                    });
                    // written at once after the restart, most likely before the watch is back
                    for (int i = 5; i < 10; i++) {
                        c.put("/r/k/" + i, "v");
                    }
                    c.delete("/r/k/0");
                    EtcdClientTest.await(() -> seen.size() == 11);
                    List<String> expected = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> i + "+").toList());
                    expected.add("0-");
                    assertEquals(expected, seen);
                    assertTrue(w.reconnects() >= 1 && !reconnects.isEmpty(), "the watch did not reconnect");
                }
            }
        });
    }
}
