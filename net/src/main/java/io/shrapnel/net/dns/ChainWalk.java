package io.shrapnel.net.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves one question to its outcome, following CNAME chains: through the answer a recursive server
 * gives (which normally holds the whole chain), and by asking again for the target when a server
 * stopped part-way.
 *
 * <p>Only records on the chain are taken: each owned by the name the chain has reached, of class IN.
 * Anything else in a response (other owners, the additional section) is ignored, so a server cannot
 * slip unrelated records into the cache. The SOA that gives a negative answer its TTL must be an
 * ancestor of the name it is about.
 *
 * <p>Threading: stateless; runs in the calling coro.
 */
final class ChainWalk {
    /** CNAMEs followed at most (glibc and unbound stop around 8 to 16). */
    static final int MAX_CNAMES = 16;
    /** Queries sent for one question at most (the first, then one per chain restart). */
    private static final int MAX_QUERIES = 8;

    private ChainWalk() {}

    static Outcome resolve(Question question, ServerSet servers, UdpMux mux) throws DnsLookupException {
        DnsName name = question.name();
        RecordType type = question.type();
        DnsName current = name;
        List<ResourceRecord> chain = new ArrayList<>();
        Set<DnsName> seen = new HashSet<>();
        seen.add(name);
        long ttl = Long.MAX_VALUE;
        for (int q = 0; q < MAX_QUERIES; q++) {
            DnsName asked = current;
            DnsMessage r = servers.ask(new Question(asked, type), mux);
            while (true) {
                List<ResourceRecord> data = owned(r, current, type);
                if (!data.isEmpty()) {
                    for (ResourceRecord rr : data) {
                        ttl = Math.min(ttl, rr.ttl());
                    }
                    return new Outcome.Answer(new DnsAnswer(name, type, current, data, chain, ttl));
                }
                List<ResourceRecord> cname = type.equals(RecordType.CNAME) ? List.of()
                        : owned(r, current, RecordType.CNAME);
                if (cname.isEmpty()) {
                    break;
                }
                ResourceRecord link = cname.getFirst();
                chain.add(link);
                ttl = Math.min(ttl, link.ttl());
                current = ((RData.Cname) link.data()).target();
                if (!seen.add(current)) {
                    return failure(question, "CNAME loop at " + current);
                }
                if (chain.size() > MAX_CNAMES) {
                    return failure(question, "CNAME chain longer than " + MAX_CNAMES);
                }
            }
            // No data for `current`: a negative answer, unless the server stopped following a chain.
            long negativeTtl = Math.min(ttl, negativeTtl(r, current));
            if (r.rcode().equals(Rcode.NXDOMAIN)) {
                return new Outcome.NameNotFound(name, current, negativeTtl);
            }
            if (current.equals(asked) || soa(r, current) != null) {
                return new Outcome.Answer(new DnsAnswer(name, type, current, List.of(), chain, negativeTtl));
            }
        }
        return failure(question, "CNAME chain still unresolved after " + MAX_QUERIES + " queries");
    }

    private static Outcome failure(Question q, String why) {
        return new Outcome.Failed(new DnsLookupException(DnsLookupException.Reason.SERVER_FAILURE,
                q.name() + " " + q.type() + ": " + why));
    }

    private static List<ResourceRecord> owned(DnsMessage r, DnsName owner, RecordType type) {
        List<ResourceRecord> out = new ArrayList<>(2);
        for (ResourceRecord rr : r.answers()) {
            if (rr.dnsClass() == Question.IN && rr.type().equals(type) && rr.name().equals(owner)) {
                out.add(rr);
            }
        }
        return out;
    }

    private static ResourceRecord soa(DnsMessage r, DnsName about) {
        for (ResourceRecord rr : r.authorities()) {
            if (rr.data() instanceof RData.Soa && about.isUnder(rr.name())) {
                return rr;
            }
        }
        return null;
    }

    /** RFC 2308 §5: the lesser of the SOA record's TTL and its MINIMUM field; 0 (do not cache) without one. */
    private static long negativeTtl(DnsMessage r, DnsName about) {
        ResourceRecord rr = soa(r, about);
        return rr == null ? 0 : Math.min(rr.ttl(), ((RData.Soa) rr.data()).minimum());
    }
}
