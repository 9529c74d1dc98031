package io.shrapnel.codecs.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * HTTP header fields in the order they came or were added. Names compare case-insensitively and
 * keep the spelling they were given. A name may occur more than once ({@code Set-Cookie}).
 *
 * <p>Threading: not thread-safe; owned by the coro handling the message.
 */
public final class Headers {
    private final ArrayList<String> fields = new ArrayList<>(16); // name, value, name, value...

    public Headers() {}

    /** Adds a field (keeps the ones of the same name). Values with CR or LF are refused. */
    public Headers add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** Adds a field without checks (the parser has checked the bytes already). */
    void addTrusted(String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    /** Replaces every field of this name with one. */
    public Headers set(String name, String value) {
        checkName(name);
        checkValue(name, value);
        int i = indexOf(name, 0);
        if (i < 0) {
            fields.add(name);
            fields.add(value);
            return this;
        }
        fields.set(i + 1, value);
        int j;
        while ((j = indexOf(name, i + 2)) >= 0) {
            fields.remove(j);
            fields.remove(j);
        }
        return this;
    }

    /** Removes every field of this name; returns whether there was one. */
    public boolean remove(String name) {
        boolean any = false;
        int i;
        while ((i = indexOf(name, 0)) >= 0) {
            fields.remove(i);
            fields.remove(i);
            any = true;
        }
        return any;
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fields.get(i + 1);
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            out.add(fields.get(i + 1));
        }
        return out;
    }

    /** How many fields have this name. */
    public int count(String name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            n++;
        }
        return n;
    }

    public boolean has(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * True if one of the comma-separated elements of the fields named {@code name} equals
     * {@code token}, ignoring case ({@code Connection: keep-alive, Upgrade} has {@code upgrade}).
     */
    public boolean hasToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 2)) {
            for (String part : fields.get(i + 1).split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Number of fields. */
    public int size() {
        return fields.size() / 2;
    }

    public String name(int index) {
        return fields.get(2 * index);
    }

    public String value(int index) {
        return fields.get(2 * index + 1);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    public void clear() {
        fields.clear();
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || !Tokens.isToken(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new IllegalArgumentException("the value of header " + name + " holds "
                        + (c > 0xff ? "a character above U+00FF" : "CR, LF or NUL")
                        + " at " + i + "; encode it (e.g. percent-encoding) first");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
