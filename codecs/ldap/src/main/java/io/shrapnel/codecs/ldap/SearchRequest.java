package io.shrapnel.codecs.ldap;

import java.util.List;

/**
 * What to search for (RFC 4511 4.5.1). Immutable; the {@code with...} methods return changed copies.
 *
 * <pre>{@code
 * SearchRequest r = SearchRequest.of("ou=people,dc=example,dc=com", Scope.SUB, "(uid=a*)")
 *         .attributes("cn", "mail").sizeLimit(100);
 * }</pre>
 *
 * @param sizeLimit at most this many entries (0: the server's limit)
 * @param timeLimit at most this many seconds of the server's time (0: the server's limit)
 * @param derefAliases 0 never, 1 in searching, 2 finding the base, 3 always
 * @param attributes what to return; empty for all user attributes, {@code "1.1"} for none
 */
public record SearchRequest(String base, Scope scope, Filter filter, List<String> attributes, int sizeLimit,
        int timeLimit, boolean typesOnly, int derefAliases, List<Control> controls) {
    public SearchRequest {
        attributes = List.copyOf(attributes);
        controls = List.copyOf(controls);
        if (sizeLimit < 0 || timeLimit < 0 || derefAliases < 0 || derefAliases > 3) {
            throw new IllegalArgumentException("size and time limits must be >= 0 and derefAliases 0..3");
        }
    }

    /** A search with a filter in RFC 4515 text, all user attributes, no limits of its own. */
    public static SearchRequest of(String base, Scope scope, String filter) {
        return of(base, scope, Filter.parse(filter));
    }

    public static SearchRequest of(String base, Scope scope, Filter filter) {
        return new SearchRequest(base, scope, filter, List.of(), 0, 0, false, 0, List.of());
    }

    public SearchRequest attributes(String... names) {
        return new SearchRequest(base, scope, filter, List.of(names), sizeLimit, timeLimit, typesOnly, derefAliases,
                controls);
    }

    public SearchRequest sizeLimit(int entries) {
        return new SearchRequest(base, scope, filter, attributes, entries, timeLimit, typesOnly, derefAliases, controls);
    }

    public SearchRequest timeLimit(int seconds) {
        return new SearchRequest(base, scope, filter, attributes, sizeLimit, seconds, typesOnly, derefAliases, controls);
    }

    public SearchRequest typesOnly(boolean only) {
        return new SearchRequest(base, scope, filter, attributes, sizeLimit, timeLimit, only, derefAliases, controls);
    }

    public SearchRequest derefAliases(int how) {
        return new SearchRequest(base, scope, filter, attributes, sizeLimit, timeLimit, typesOnly, how, controls);
    }

    public SearchRequest controls(Control... list) {
        return new SearchRequest(base, scope, filter, attributes, sizeLimit, timeLimit, typesOnly, derefAliases,
                List.of(list));
    }
}
