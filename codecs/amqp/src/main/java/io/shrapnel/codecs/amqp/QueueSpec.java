package io.shrapnel.codecs.amqp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queue to declare: {@code QueueSpec.named("jobs").withDurable()}, or {@code QueueSpec.serverNamed()}
 * for an exclusive auto-delete queue with a name chosen by the broker.
 */
public record QueueSpec(String name, boolean durable, boolean exclusive, boolean autoDelete,
        Map<String, Object> arguments) {

    public static QueueSpec named(String name) {
        return new QueueSpec(name, false, false, false, Map.of());
    }

    /** Exclusive and auto-delete, named by the broker. */
    public static QueueSpec serverNamed() {
        return new QueueSpec("", false, true, true, Map.of());
    }

    public QueueSpec withDurable() {
        return new QueueSpec(name, true, exclusive, autoDelete, arguments);
    }

    public QueueSpec withExclusive() {
        return new QueueSpec(name, durable, true, autoDelete, arguments);
    }

    public QueueSpec withAutoDelete() {
        return new QueueSpec(name, durable, exclusive, true, arguments);
    }

    /** Adds an {@code x-} argument, e.g. {@code withArg("x-max-length", 10)}. */
    public QueueSpec withArg(String key, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(arguments);
        a.put(key, value);
        return new QueueSpec(name, durable, exclusive, autoDelete, a);
    }
}
