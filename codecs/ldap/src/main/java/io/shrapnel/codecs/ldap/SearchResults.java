package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.Message;
import io.shrapnel.codecs.ldap.internal.Paging;
import io.shrapnel.codecs.ldap.internal.Pending;
import io.shrapnel.codecs.ldap.internal.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The entries of a search, one at a time as they arrive: nothing builds a list of them, and the
 * server is held back (TCP flow control) when the caller reads slower than it sends. With paging
 * ({@link LdapClient#searchPaged}) the next page is asked for when a page ends.
 *
 * <pre>{@code
 * try (SearchResults r = ldap.search(SearchRequest.of(base, Scope.SUB, "(objectClass=person)"))) {
 *     for (SearchEntry e; (e = r.next()) != null; ) {
 *         System.out.println(e.dn());
 *     }
 *     r.result();   // the final LDAPResult
 * }
 * }</pre>
 *
 * Continuation references (referrals to other servers) are not followed: they are listed by
 * {@link #references()}. A final result other than success (size or time limit exceeded, no such
 * object, a referral) is thrown by {@link #next()} as an {@link LdapException} after the entries
 * that came before it. Closing before the end abandons the search on the server.
 *
 * <p>Threading: one coro reads it, on the connection's loop.
 */
public final class SearchResults implements Iterable<SearchEntry>, AutoCloseable {
    private final LdapClient client;
    private final SearchRequest request;
    private final int pageSize;
    private final List<String> references = new ArrayList<>();
    private Pending current;
    private LdapResult result;

    SearchResults(LdapClient client, SearchRequest request, int pageSize) throws IOException {
        this.client = client;
        this.request = request;
        this.pageSize = pageSize;
        this.current = client.startSearch(request, pageSize, new byte[0]);
    }

    /** The next entry, or null after the last one. */
    public SearchEntry next() throws IOException {
        while (current != null) {
            Message m = client.await(current);
            if (m.op().equals(Protocol.SEARCH_ENTRY)) {
                return m.entry();
            }
            if (m.op().equals(Protocol.SEARCH_REFERENCE)) {
                references.addAll(Message.uris(m.content()));
            } else if (m.op().equals(Protocol.SEARCH_DONE)) {
                done(m.result());
            }
        }
        return null;
    }

    private void done(LdapResult r) throws IOException {
        current = null;
        result = r;
        if (!r.isSuccess()) {
            throw new LdapException("search", r);
        }
        if (pageSize > 0) {
            byte[] cookie = Paging.cookie(r.controls());
            if (cookie.length > 0) {
                current = client.startSearch(request, pageSize, cookie);
            }
        }
    }

    /** The final result (of the last page), or null before the end. */
    public LdapResult result() {
        return result;
    }

    /** The continuation references received so far (URIs of other servers), not followed. */
    public List<String> references() {
        return List.copyOf(references);
    }

    /** Abandons the search if it is still running. */
    @Override
    public void close() {
        if (current != null) {
            client.finish(current, true);
            current = null;
        }
    }

    /** The remaining entries; a failure comes out as {@link UncheckedIOException}. */
    @Override
    public Iterator<SearchEntry> iterator() {
        return new Iterator<>() {
            private SearchEntry ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = SearchResults.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ahead != null;
            }

            @Override
            public SearchEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SearchEntry e = ahead;
                ahead = null;
                return e;
            }
        };
    }
}
