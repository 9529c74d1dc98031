package io.shrapnel.dashboard.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * JMX attribute values as JSON, whatever their open type: a {@link CompositeData} becomes an object
 * of its named items, a {@link TabularData} an array of its rows, arrays and collections arrays,
 * numbers and booleans themselves, anything else its text. Nothing is known about any bean, so an
 * attribute added to an MXBean tomorrow shows up without a change here.
 */
public final class OpenValues {
    /** How deep nested composites are followed; deeper values are written as text. */
    private static final int MAX_DEPTH = 8;

    private OpenValues() {}

    /** Writes {@code value} as one JSON value. */
    public static void write(Json json, Object value) {
        write(json, value, 0);
    }

    private static void write(Json json, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            json.value(String.valueOf(value));
            return;
        }
        switch (value) {
            case null -> json.nullValue();
            case Boolean b -> json.value(b);
            case Double d -> json.value(d.doubleValue());
            case Float f -> json.value(f.doubleValue());
            case java.math.BigDecimal d -> json.value(d.doubleValue());
            case Number n -> json.value(n.longValue());
            case Date d -> json.value(d.getTime());
            case ObjectName n -> json.value(n.getCanonicalName());
            case CompositeData c -> {
                json.beginObject();
                for (String item : c.getCompositeType().keySet()) {
                    json.key(item);
                    write(json, c.get(item), depth + 1);
                }
                json.endObject();
            }
            case TabularData t -> {
                json.beginArray();
                for (Object row : t.values()) {
                    write(json, row, depth + 1);
                }
                json.endArray();
            }
            case Collection<?> c -> {
                json.beginArray();
                for (Object o : c) {
                    write(json, o, depth + 1);
                }
                json.endArray();
            }
            case Map<?, ?> m -> {
                json.beginObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    json.key(String.valueOf(e.getKey()));
                    write(json, e.getValue(), depth + 1);
                }
                json.endObject();
            }
            default -> {
                if (value.getClass().isArray()) {
                    json.beginArray();
                    for (int i = 0, n = Array.getLength(value); i < n; i++) {
                        write(json, Array.get(value, i), depth + 1);
                    }
                    json.endArray();
                } else {
                    json.value(value.toString());
                }
            }
        }
    }

    /**
     * Puts the numbers of {@code value} into {@code into} under {@code key}: a number itself, the
     * numeric items of a composite as {@code key.item} (e.g. {@code HeapMemoryUsage.used}). Tables
     * and arrays are rows, not time series, and are left out.
     */
    public static void numbers(String key, Object value, Map<String, Double> into) {
        switch (value) {
            case Number n -> into.put(key, n.doubleValue());
            case Boolean b -> into.put(key, b ? 1.0 : 0.0);
            case CompositeData c -> {
                for (String item : c.getCompositeType().keySet()) {
                    if (c.get(item) instanceof Number n) {
                        into.put(key + "." + item, n.doubleValue());
                    }
                }
            }
            case null, default -> { }
        }
    }
}
