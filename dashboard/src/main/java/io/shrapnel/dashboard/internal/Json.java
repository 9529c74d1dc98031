package io.shrapnel.dashboard.internal;

/**
 * Writes JSON text: the dashboard's snapshots and replies. Numbers that JSON cannot carry (NaN,
 * infinities) are written as null.
 *
 * <p>Threading: one thread at a time (a plain builder).
 */
public final class Json {
    private final StringBuilder out;
    /** Whether the next value or key in the open container needs a comma before it. */
    private boolean comma;

    public Json() {
        this(new StringBuilder(256));
    }

    public Json(StringBuilder out) {
        this.out = out;
    }

    public Json beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    public Json endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    public Json beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** A key in the open object; the next call writes its value. */
    public Json key(String key) {
        separate();
        quote(key);
        out.append(':');
        comma = false;
        return this;
    }

    public Json value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            quote(s);
        }
        comma = true;
        return this;
    }

    public Json value(long n) {
        separate();
        out.append(n);
        comma = true;
        return this;
    }

    public Json value(double d) {
        separate();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(d);
        }
        comma = true;
        return this;
    }

    public Json value(boolean b) {
        separate();
        out.append(b);
        comma = true;
        return this;
    }

    public Json nullValue() {
        separate();
        out.append("null");
        comma = true;
        return this;
    }

    /** Text already in JSON form (a value built elsewhere), written as it is. */
    public Json raw(String json) {
        separate();
        out.append(json);
        comma = true;
        return this;
    }

    private void separate() {
        if (comma) {
            out.append(',');
            comma = false;
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // below space: control characters; U+2028/9 end a line in some JavaScript parsers;
                    // '<' keeps "</script>" out of any page that inlines a snapshot
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
