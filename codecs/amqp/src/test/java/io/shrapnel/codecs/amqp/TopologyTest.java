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

    /** Whether {@code b} is still remembered after {@code delete} ran on a topology holding only it. */
    private static boolean kept(Topology.Binding b, java.util.function.Consumer<Topology> delete) {
        Topology t = new Topology();
        t.bind(b);
        delete.accept(t);
        return t.size() == 1;
    }

    @Test
    void deletingAnExchangeDropsTheBindingsFromAndToIt() {
        java.util.function.Consumer<Topology> deleteX = t -> t.exchangeDeleted("x");
        assertEquals(false, kept(toQueue("q", "x"), deleteX));    // from x
        assertEquals(false, kept(toExchange("x", "y"), deleteX)); // to x
        assertEquals(false, kept(toExchange("y", "x"), deleteX)); // from x, to an exchange
        assertEquals(true, kept(toExchange("y", "z"), deleteX));  // neither
        assertEquals(true, kept(toQueue("x", "y"), deleteX));     // to a QUEUE named x
    }

    @Test
    void deletingAQueueDropsOnlyTheBindingsToThatQueue() {
        java.util.function.Consumer<Topology> deleteQ = t -> t.queueDeleted("q");
        assertEquals(false, kept(toQueue("q", "x"), deleteQ));
        assertEquals(true, kept(toQueue("r", "x"), deleteQ));
        assertEquals(true, kept(toExchange("q", "x"), deleteQ));  // to an EXCHANGE named q
        assertEquals(true, kept(toQueue("x", "q"), deleteQ));     // from an exchange named q
        Topology t = new Topology();
        t.queue("q", QueueSpec.named("q"));
        t.queue("r", QueueSpec.named("r"));
        t.queueDeleted("q");
        assertEquals(1, t.size());
    }
}
