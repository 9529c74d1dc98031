package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters and the bean's arithmetic over them, on counters of the test's own (no other test adds to them). */
class RpcStatsTest {
    private static final Method<HelloRequest, HelloReply> A =
            Method.unary("t.S", "A", HelloRequest.parser(), HelloReply.parser());
    private static final StatusCode LAST = StatusCode.values()[StatusCode.values().length - 1];

    private static String describe(RpcMXBean.MethodStats m) {
        return m.getMethod() + " started " + m.getCallsStarted() + " in flight " + m.getCallsInFlight() + " errors "
                + m.getErrors() + " in " + m.getBytesIn() + " out " + m.getBytesOut();
    }

    @Test
    void noCountersNoFigures() {
        RpcJmx bean = new RpcJmx(new RpcStats());
        assertEquals(0, bean.getOpenConnections());
        assertEquals(0, bean.getCallsStarted());
        assertEquals(0, bean.getCallsInFlight());
        assertEquals(0, bean.getCallsFailed());
        assertEquals(Map.of(), bean.getCallsByStatus());
        assertEquals(List.of(), bean.getMethods());
    }

    @Test
    void figuresAddUpOverMethodsAndStatuses() {
        RpcStats stats = new RpcStats();
        RpcJmx bean = new RpcJmx(stats);
        for (int i = 0; i < 4; i++) {
            stats.started(A);
        }
        stats.finished("t.S/A", StatusCode.OK);
        stats.finished("t.S/A", StatusCode.NOT_FOUND);
        stats.finished("t.S/A", LAST);
        stats.sent(A, 10);
        stats.sent(A, 5);
        stats.of("t.S/A").bytesIn.add(7);
        stats.of("t.S/B").started.add(2);
        stats.finished("t.S/B", StatusCode.OK);
        stats.finished("t.S/B", StatusCode.NOT_FOUND);
        stats.openConnections.add(3);

        assertEquals(3, bean.getOpenConnections());
        assertEquals(6, bean.getCallsStarted());
        assertEquals(1, bean.getCallsInFlight(), "4 - 3 and 2 - 2");
        assertEquals(3, bean.getCallsFailed());
        assertEquals(Map.of("OK", 2L, "NOT_FOUND", 2L, LAST.name(), 1L), bean.getCallsByStatus());
        List<String> methods = bean.getMethods().stream().map(RpcStatsTest::describe).toList();
        assertEquals(List.of("t.S/A started 4 in flight 1 errors 2 in 7 out 15", "t.S/B started 2 in flight 0 errors 1 in 0 out 0"),
                methods);
        assertEquals(1, stats.of("t.S/A").inFlight());
        assertEquals(0, stats.of("t.S/B").inFlight());
    }

    @Test
    void theFirstReadingOfTheRateIsZero() {
        RpcStats stats = new RpcStats();
        stats.started(A);
        assertEquals(0.0, new RpcJmx(stats).getCallsPerSecond(), "no earlier reading to compare with");
    }
}
