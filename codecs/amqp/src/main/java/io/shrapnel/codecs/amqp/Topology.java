package io.shrapnel.codecs.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a connection declared (exchanges, queues, bindings), kept so that recovery can declare it
 * again on a new connection. Server-named queues get new names then; {@link #redeclare} returns
 * the renames so consumers follow their queue.
 *
 * <p>Threading: the connection's loop.
 */
final class Topology {
    record Binding(boolean toExchange, String destination, String source, String routingKey, Map<String, Object> args) {}

    private final Map<String, ExchangeSpec> exchanges = new LinkedHashMap<>();
    private final Map<String, QueueSpec> queues = new LinkedHashMap<>();
    private final List<Binding> bindings = new ArrayList<>();
    /** True while {@link #redeclare} runs: its own declarations are not recorded again. */
    private boolean replaying;

    void exchange(ExchangeSpec e) {
        if (replaying) {
            return;
        }
        exchanges.put(e.name(), e);
    }

    void exchangeDeleted(String name) {
        if (replaying) {
            return;
        }
        exchanges.remove(name);
        bindings.removeIf(b -> b.source().equals(name) || b.toExchange() && b.destination().equals(name));
    }

    /** A queue declared as {@code spec}, which the broker named {@code name}. */
    void queue(String name, QueueSpec spec) {
        if (replaying) {
            return;
        }
        queues.put(name, spec);
    }

    void queueDeleted(String name) {
        if (replaying) {
            return;
        }
        queues.remove(name);
        bindings.removeIf(b -> !b.toExchange() && b.destination().equals(name));
    }

    void bind(Binding b) {
        if (replaying) {
            return;
        }
        if (!bindings.contains(b)) {
            bindings.add(b);
        }
    }

    void unbind(Binding b) {
        if (replaying) {
            return;
        }
        bindings.remove(b);
    }

    int size() {
        return exchanges.size() + queues.size() + bindings.size();
    }

    /** Declares everything again on {@code ch}; returns old name to new name for server-named queues. */
    Map<String, String> redeclare(AmqpChannel ch) throws IOException {
        replaying = true;
        try {
            return replay(ch);
        } finally {
            replaying = false;
        }
    }

    private Map<String, String> replay(AmqpChannel ch) throws IOException {
        for (ExchangeSpec e : exchanges.values()) {
            ch.exchangeDeclare(e);
        }
        Map<String, String> renames = new HashMap<>();
        Map<String, QueueSpec> declared = new LinkedHashMap<>();
        for (Map.Entry<String, QueueSpec> q : queues.entrySet()) {
            String name = ch.queueDeclare(q.getValue()).name();
            declared.put(name, q.getValue());
            if (!name.equals(q.getKey())) {
                renames.put(q.getKey(), name);
            }
        }
        queues.clear();
        queues.putAll(declared);
        List<Binding> again = new ArrayList<>();
        for (Binding b : bindings) {
            Binding r = b.toExchange() ? b : new Binding(false, renames.getOrDefault(b.destination(), b.destination()),
                    b.source(), b.routingKey(), b.args());
            if (r.toExchange()) {
                ch.exchangeBind(r.destination(), r.source(), r.routingKey());
            } else {
                ch.queueBind(r.destination(), r.source(), r.routingKey(), r.args());
            }
            again.add(r);
        }
        bindings.clear();
        bindings.addAll(again);
        return renames;
    }
}
