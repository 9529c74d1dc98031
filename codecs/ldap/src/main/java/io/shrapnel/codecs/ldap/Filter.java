package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.FilterParser;
import io.shrapnel.codecs.ldap.internal.FilterText;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A search filter (RFC 4511 4.5.1.7), written as text in RFC 4515's syntax:
 * {@code Filter.parse("(&(objectClass=person)(|(uid=al*)(mail=*@example.com)))")}.
 * {@link #toString()} gives the text back, with the characters that need it escaped.
 * Assertion values are bytes: {@code \xx} escapes give any byte, other characters their UTF-8.
 */
public sealed interface Filter {
    /** Parses RFC 4515 text; outer parentheses may be left off. */
    static Filter parse(String text) {
        return FilterParser.parse(text);
    }

    /** {@code (&f1 f2 ...)}; with no filters, always true (RFC 4526). */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }

        @Override
        public String toString() {
            return FilterText.list('&', filters);
        }
    }

    /** {@code (|f1 f2 ...)}; with no filters, always false. */
    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }

        @Override
        public String toString() {
            return FilterText.list('|', filters);
        }
    }

    /** {@code (!f)}. */
    record Not(Filter filter) implements Filter {
        @Override
        public String toString() {
            return "(!" + filter + ")";
        }
    }

    /** How a {@link Compare} filter matches. */
    enum Match {
        EQUAL("="), GREATER_OR_EQUAL(">="), LESS_OR_EQUAL("<="), APPROX("~=");

        final String operator;

        Match(String operator) {
            this.operator = operator;
        }
    }

    /** {@code (attr=value)}, {@code (attr>=value)}, {@code (attr<=value)}, {@code (attr~=value)}. */
    record Compare(Match match, String attribute, byte[] value) implements Filter {
        @Override
        public String toString() {
            return "(" + attribute + match.operator + FilterText.escape(value) + ")";
        }
    }

    /** {@code (attr=*)}. */
    record Present(String attribute) implements Filter {
        @Override
        public String toString() {
            return "(" + attribute + "=*)";
        }
    }

    /** {@code (attr=initial*any1*any2*final)}; {@code initial} and {@code fin} may be null. */
    record Substring(String attribute, byte[] initial, List<byte[]> any, byte[] fin) implements Filter {
        public Substring {
            any = List.copyOf(any);
            if (initial == null && any.isEmpty() && fin == null) {
                throw new IllegalArgumentException("a substring filter needs at least one substring (for (attr=*) use Present)");
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(").append(attribute).append('=');
            if (initial != null) {
                sb.append(FilterText.escape(initial));
            }
            sb.append('*');
            for (byte[] a : any) {
                sb.append(FilterText.escape(a)).append('*');
            }
            if (fin != null) {
                sb.append(FilterText.escape(fin));
            }
            return sb.append(')').toString();
        }
    }

    /**
     * {@code (attr:dn:rule:=value)}: an extensible match; {@code attribute} or {@code matchingRule}
     * may be null (not both).
     */
    record Extensible(String attribute, boolean dnAttributes, String matchingRule, byte[] value) implements Filter {
        public Extensible {
            if (attribute == null && matchingRule == null) {
                throw new IllegalArgumentException("an extensible match needs an attribute, a matching rule, or both");
            }
        }

        @Override
        public String toString() {
            return "(" + (attribute == null ? "" : attribute) + (dnAttributes ? ":dn" : "")
                    + (matchingRule == null ? "" : ":" + matchingRule) + ":=" + FilterText.escape(value) + ")";
        }
    }

    /** {@code (attr=value)} with {@code value} as UTF-8. */
    static Filter equal(String attribute, String value) {
        return new Compare(Match.EQUAL, attribute, value.getBytes(StandardCharsets.UTF_8));
    }

    static Filter present(String attribute) {
        return new Present(attribute);
    }

    static Filter and(Filter... filters) {
        return new And(List.of(filters));
    }

    static Filter or(Filter... filters) {
        return new Or(List.of(filters));
    }

    static Filter not(Filter filter) {
        return new Not(filter);
    }
}
