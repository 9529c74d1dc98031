package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Filter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * RFC 4515's grammar, recursive descent, with a bound on nesting. Errors are
 * {@link IllegalArgumentException}s that quote the filter and name the position.
 *
 * <p>Threading: one parser per call.
 */
public final class FilterParser {
    /** Deeper filters are refused (they would only serve to exhaust a stack). */
    public static final int MAX_DEPTH = 100;

    private final String text;
    private int pos;

    private FilterParser(String text) {
        this.text = text;
    }

    public static Filter parse(String text) {
        String t = text.strip();
        if (!t.startsWith("(")) {
            t = "(" + t + ")";
        }
        FilterParser p = new FilterParser(t);
        Filter f = p.filter(1);
        if (p.pos != t.length()) {
            throw p.error("text after the end of the filter");
        }
        return f;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("bad LDAP filter " + quoted() + " at position " + pos + ": " + problem);
    }

    private String quoted() {
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "\"";
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("the filter ends too early");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "', found '" + text.charAt(pos) + "'");
        }
        pos++;
    }

    private Filter filter(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        expect('(');
        Filter f = switch (peek()) {
            case '&' -> {
                pos++;
                yield new Filter.And(list(depth));
            }
            case '|' -> {
                pos++;
                yield new Filter.Or(list(depth));
            }
            case '!' -> {
                pos++;
                yield new Filter.Not(filter(depth + 1));
            }
            default -> item();
        };
        expect(')');
        return f;
    }

    private List<Filter> list(int depth) {
        List<Filter> filters = new ArrayList<>();
        while (peek() == '(') {
            filters.add(filter(depth + 1));
        }
        return filters;
    }

    private Filter item() {
        String attr = name();
        char c = peek();
        if (c == ':') {
            return extensible(attr);
        }
        if (attr.isEmpty()) {
            throw error("expected an attribute description");
        }
        Filter.Match match = switch (c) {
            case '~' -> Filter.Match.APPROX;
            case '>' -> Filter.Match.GREATER_OR_EQUAL;
            case '<' -> Filter.Match.LESS_OR_EQUAL;
            case '=' -> Filter.Match.EQUAL;
            default -> throw error("expected =, ~=, >=, <= or : after the attribute, found '" + c + "'");
        };
        pos++;
        if (match != Filter.Match.EQUAL) {
            expect('=');
            return new Filter.Compare(match, attr, value(false));
        }
        return equalityOrSubstring(attr);
    }

    private Filter equalityOrSubstring(String attr) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(value(true));
        while (peek() == '*') {
            pos++;
            parts.add(value(true));
        }
        if (parts.size() == 1) {
            return new Filter.Compare(Filter.Match.EQUAL, attr, parts.get(0));
        }
        if (parts.size() == 2 && parts.get(0).length == 0 && parts.get(1).length == 0) {
            return new Filter.Present(attr);
        }
        List<byte[]> any = parts.subList(1, parts.size() - 1);
        for (byte[] a : any) {
            if (a.length == 0) {
                throw error("two * in a row in a substring filter");
            }
        }
        byte[] initial = parts.get(0);
        byte[] fin = parts.get(parts.size() - 1);
        return new Filter.Substring(attr, initial.length == 0 ? null : initial, any, fin.length == 0 ? null : fin);
    }

    private Filter extensible(String attr) {
        boolean dn = false;
        if (text.startsWith(":dn:", pos)) {
            dn = true;
            pos += 3;
        }
        String rule = null;
        if (text.startsWith(":", pos) && !text.startsWith(":=", pos)) {
            pos++;
            rule = name();
            if (rule.isEmpty()) {
                throw error("expected a matching rule after ':'");
            }
        }
        expect(':');
        expect('=');
        if (attr.isEmpty() && rule == null) {
            throw error("an extensible match without an attribute needs a matching rule");
        }
        return new Filter.Extensible(attr.isEmpty() ? null : attr, dn, rule, value(false));
    }

    /** An attribute description or OID with options: letters, digits, '-', '.', ';'. */
    private String name() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || pos > start && (c == '-' || c == '.' || c == ';')) {
                pos++;
            } else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    /** An assertion value up to ')' (or '*' inside a substring filter), escapes decoded. */
    private byte[] value(boolean substring) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int run = pos;
        while (true) {
            char c = peek();
            if (c == ')' || c == '*' && substring) {
                break;
            }
            if (c == '*' || c == '(' || c == 0) {
                throw error("'" + (c == 0 ? "\\0" : c) + "' in a value must be escaped as \\" + hex2(c));
            }
            if (c == '\\') {
                out.writeBytes(text.substring(run, pos).getBytes(StandardCharsets.UTF_8));
                out.write(escaped());
                run = pos;
            } else {
                pos++;
            }
        }
        out.writeBytes(text.substring(run, pos).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String hex2(char c) {
        return String.format("%02x", (int) c);
    }

    private int escaped() {
        if (pos + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(pos + 1))
                || !HexFormat.isHexDigit(text.charAt(pos + 2))) {
            throw error("'\\' must be followed by two hex digits");
        }
        int hi = HexFormat.fromHexDigit(text.charAt(pos + 1));
        int lo = HexFormat.fromHexDigit(text.charAt(pos + 2));
        pos += 3;
        return hi << 4 | lo;
    }
}
