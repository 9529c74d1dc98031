package io.shrapnel.codecs.amqp;

import java.util.LinkedHashMap;
import java.util.Map;

/** An exchange to declare: {@code ExchangeSpec.of("logs", "fanout").withDurable()}. */
public record ExchangeSpec(String name, String type, boolean durable, boolean autoDelete, boolean internal,
        Map<String, Object> arguments) {

    /** An exchange of {@code type} ("direct", "fanout", "topic", "headers"). */
    public static ExchangeSpec of(String name, String type) {
        return new ExchangeSpec(name, type, false, false, false, Map.of());
    }

    public ExchangeSpec withDurable() {
        return new ExchangeSpec(name, type, true, autoDelete, internal, arguments);
    }

    public ExchangeSpec withAutoDelete() {
        return new ExchangeSpec(name, type, durable, true, internal, arguments);
    }

    /** Only other exchanges may publish to it. */
    public ExchangeSpec withInternal() {
        return new ExchangeSpec(name, type, durable, autoDelete, true, arguments);
    }

    public ExchangeSpec withArg(String key, Object value) {
        Map<String, Object> a = new LinkedHashMap<>(arguments);
        a.put(key, value);
        return new ExchangeSpec(name, type, durable, autoDelete, internal, a);
    }
}
