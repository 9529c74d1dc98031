package io.shrapnel.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * String and binary values by key, sent with a call (headers) or with its status (trailers).
 * Immutable: {@link #with} returns a copy. Keys are lower-case ASCII; a key holds text or bytes.
 * Its {@link #size()} (keys plus values, in bytes) is limited by {@link RpcConfig#maxMetadataSize()}:
 * a call whose metadata is larger fails with {@link StatusCode#RESOURCE_EXHAUSTED}.
 */
public final class Metadata {
    /** No entries. */
    public static final Metadata EMPTY = new Metadata(Map.of());

    private final Map<String, Object> entries;

    private Metadata(Map<String, Object> entries) {
        this.entries = entries;
    }

    /** A copy with {@code key} set to the text {@code value}. */
    public Metadata with(String key, String value) {
        return put(key, Objects.requireNonNull(value, "value"));
    }

    /** A copy with {@code key} set to the bytes {@code value} (copied). */
    public Metadata withBinary(String key, byte[] value) {
        return put(key, value.clone());
    }

    private Metadata put(String key, Object value) {
        checkKey(key);
        Map<String, Object> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return new Metadata(Collections.unmodifiableMap(copy));
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a metadata key cannot be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException("metadata key '" + key
                        + "' has '" + c + "': use lower-case letters, digits, '-', '_' and '.'");
            }
        }
    }

    /** The text under {@code key}, or null if there is none (or it is binary). */
    public String text(String key) {
        return entries.get(key) instanceof String s ? s : null;
    }

    /** A copy of the bytes under {@code key}, or null if there are none (or it is text). */
    public byte[] binary(String key) {
        return entries.get(key) instanceof byte[] b ? b.clone() : null;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes of keys and values (text as UTF-8), the figure the size limit applies to. */
    public int size() {
        int total = 0;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            total += e.getKey().length();
            total += e.getValue() instanceof byte[] b ? b.length
                    : ((String) e.getValue()).getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    /** Builds metadata from wire entries (keys already checked by the caller). */
    static Metadata of(Map<String, Object> entries) {
        return entries.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
    }

    Map<String, Object> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Metadata m) || !m.entries.keySet().equals(entries.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Object other = m.entries.get(e.getKey());
            boolean same = e.getValue() instanceof byte[] b
                    ? other instanceof byte[] ob && Arrays.equals(b, ob) : e.getValue().equals(other);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return entries.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Metadata{");
        entries.forEach((k, v) -> b.append(b.length() > 9 ? ", " : "").append(k).append('=')
                .append(v instanceof byte[] bytes ? bytes.length + " bytes" : v));
        return b.append('}').toString();
    }
}
