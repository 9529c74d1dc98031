package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a connection remembers for recovery, without a broker (RecoveryTest replays it on RabbitMQ):
 * deletions take their bindings with them, a binding is kept once.
 */
class TopologyTest {
    private static Topology.Binding toQueue(String queue, String exchange) {
        return new Topology.Binding(false, queue, exchange, "k", Map.of());
    }

    private static Topology.Binding toExchange(String destination, String source) {
        return new Topology.Binding(true, destination, source, "k", Map.of());
    }

    @Test
    void declarationsAndBindingsAreCountedOnce() {
        Topology t = new Topology();
        for (int i = 0; i < 2; i++) { // declaring again changes nothing
            t.exchange(ExchangeSpec.of("x", "direct"));
            t.queue("q", QueueSpec.named("q"));
            t.bind(toQueue("q", "x"));
        }
        assertEquals(3, t.size());
        t.unbind(toQueue("q", "x"));
        assertEquals(2, t.size());
    }

    @Test
    void deletingAnExchangeDropsTheBindingsFromAndToIt() {
        Topology t = new Topology();
        t.exchange(ExchangeSpec.of("x", "direct"));
        t.exchange(ExchangeSpec.of("y", "direct"));
        t.queue("q", QueueSpec.named("q"));
        t.bind(toQueue("q", "x"));      // from x: goes
        t.bind(toExchange("x", "y"));   // to x: goes
        t.bind(toExchange("y", "z"));   // neither: stays
        t.bind(toQueue("x", "y"));      // to a QUEUE named x: stays
        t.exchangeDeleted("x");
        assertEquals(2 + 2, t.size());  // y, q and two bindings
    }

    @Test
    void deletingAQueueDropsOnlyTheBindingsToThatQueue() {
        Topology t = new Topology();
        t.queue("q", QueueSpec.named("q"));
        t.queue("r", QueueSpec.named("r"));
        t.bind(toQueue("q", "x"));      // goes
        t.bind(toQueue("r", "x"));      // stays
        t.bind(toExchange("q", "x"));   // to an EXCHANGE named q: stays
        t.queueDeleted("q");
        assertEquals(1 + 2, t.size());
    }
}
