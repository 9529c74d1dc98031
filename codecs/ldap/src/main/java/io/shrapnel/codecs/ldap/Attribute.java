package io.shrapnel.codecs.ldap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An attribute description and its values (bytes; most are UTF-8 text). */
public record Attribute(String name, List<byte[]> values) {
    public Attribute {
        values = List.copyOf(values);
    }

    /** An attribute with text values. */
    public static Attribute of(String name, String... values) {
        List<byte[]> bytes = new ArrayList<>(values.length);
        for (String v : values) {
            bytes.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return new Attribute(name, bytes);
    }

    /** The values as UTF-8 text. */
    public List<String> strings() {
        List<String> out = new ArrayList<>(values.size());
        for (byte[] v : values) {
            out.add(new String(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The first value as text, or null if there is none. */
    public String first() {
        return values.isEmpty() ? null : new String(values.get(0), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attribute other) || !name.equals(other.name) || values.size() != other.values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = name.hashCode();
        for (byte[] v : values) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        return name + "=" + strings();
    }
}
