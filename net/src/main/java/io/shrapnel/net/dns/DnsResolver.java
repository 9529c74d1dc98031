package io.shrapnel.net.dns;

import io.shrapnel.kernel.Clock;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.net.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DNS stub resolver for coros: lookups park the calling coro, never the loop (the JDK's
 * {@code InetAddress.getByName} calls getaddrinfo and would freeze every coro of the loop).
 *
 * <pre>{@code
 * DnsResolver dns = DnsResolver.create().install();      // /etc/resolv.conf, /etc/hosts; used by connect(host, port)
 * List<InetAddress> all = dns.lookup("example.com");      // IPv6 and IPv4, interleaved
 * DnsAnswer mx = dns.query("example.com", RecordType.MX);
 * List<String> names = dns.reverse(InetAddress.ofLiteral("192.0.2.1"));
 * }</pre>
 *
 * <p>How a lookup goes: an IP literal is its own answer; {@code /etc/hosts} is read first; then each
 * name of the search list (resolv.conf's {@code search} and {@code ndots}) is asked, through the
 * cache, of the name servers in turn with retries and per-server timeouts, over UDP and again over
 * TCP if the answer was truncated. CNAME chains are followed. Queries of all coros of a loop share
 * one UDP socket, with random ids and a random source port, and an answer counts only if its source,
 * id and question match. Identical lookups in flight at the same time become one query.
 *
 * <p>Errors: {@link DnsLookupException} (an {@link UnknownHostException}) with a {@link
 * DnsLookupException.Reason}. Bound a lookup with {@code Coro.withTimeout}; a lookup that gives up
 * leaves the query running for the other coros waiting for it, and its answer still fills the cache.
 *
 * <p>Threading: one resolver may serve the coros of every loop. Each loop gets its own sockets; the
 * cache is shared. The lookup methods must be called from a coro.
 */
public final class DnsResolver implements Resolver, AutoCloseable {
    private static final DnsName LOCALHOST_NAME = DnsName.of("localhost");
    private static final List<InetAddress> LOCALHOST =
            List.of(InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.1"));

    private final ServerSet servers;
    private final SearchList search;
    private final HostsFile hosts;
    private final DnsCache cache;
    private final Clock clock;
    private final SecureRandom random = newRandom();
    private final int maxInFlight;
    private final ConcurrentHashMap<DnsCache.Key, Inflight> inflight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Scheduler, UdpMux> muxes = new ConcurrentHashMap<>();
    private final Set<Coro> fetchers = ConcurrentHashMap.newKeySet();
    private final AtomicLong coalesced = new AtomicLong();
    /**
     * Host names whose last lookup went to DNS and found addresses, with that list, until the first of
     * its A and AAAA answers expires: a repeated lookup is one map read and one clock read, not a name
     * parsed, two cache lookups and a list built. The hosts file (read once) comes first, so nothing
     * it lists is ever here. Bounded like the cache; cleared whole when full.
     */
    private final ConcurrentHashMap<String, Memo> memo = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder memoHits = new java.util.concurrent.atomic.LongAdder();
    private final int memoMax;

    private record Memo(List<InetAddress> addresses, long expiresAt) {}
    private volatile boolean closed;

    private DnsResolver(Builder b) {
        this.servers = new ServerSet(b.servers, b.timeout, b.attempts, b.rotate);
        this.search = new SearchList(b.search, b.ndots);
        this.hosts = b.hosts;
        this.cache = new DnsCache(b.cache);
        this.clock = b.clock;
        this.memoMax = b.cache.maxEntries();
        this.maxInFlight = b.maxInFlight;
    }

    /**
     * A resolver configured from {@code /etc/resolv.conf} and {@code /etc/hosts}. Reads files: call
     * it at startup or through {@code Coro.offload}, not on a busy loop.
     */
    public static DnsResolver create() throws IOException {
        return builder().resolvConf(ResolvConf.load(ResolvConf.DEFAULT_PATH))
                .hosts(HostsFile.load(HostsFile.DEFAULT_PATH)).build();
    }

    /** A builder starting from glibc's defaults (127.0.0.1:53, no search list, no hosts file). */
    public static Builder builder() {
        return new Builder();
    }

    /** Makes this the resolver of {@code TcpSock.connect(host, port)}; returns this. */
    public DnsResolver install() {
        Resolver.setDefault(this);
        return this;
    }

    // =============================================================================================
    // Lookups
    // =============================================================================================

    /** {@link Resolver}: the same as {@link #lookup}. */
    @Override
    public List<InetAddress> resolve(String host) throws IOException {
        return lookup(host);
    }

    /**
     * Every address of {@code host}, IPv6 and IPv4 interleaved, IPv6 first (RFC 8305 §4), the order
     * in which {@code connect} should try them. Never empty.
     *
     * @throws DnsLookupException if the name does not exist, has no address, or no server answered
     */
    public List<InetAddress> lookup(String host) throws IOException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = literal(h);
        if (literal != null) {
            return List.of(literal);
        }
        Memo m = memo.get(host);
        if (m != null) {
            if (Coro.current() != null && !closed && m.expiresAt - clock.nanoTime() > 0) {
                memoHits.add(2); // the A and the AAAA answer it stands for
                return m.addresses;
            }
            memo.remove(host, m);
        }
        DnsName name = parse(h);
        List<InetAddress> listed = hosts.addresses(name);
        if (!listed.isEmpty()) {
            return listed;
        }
        if (name.equals(LOCALHOST_NAME)) {
            return LOCALHOST; // RFC 6761 §6.3: never sent to a server
        }
        boolean anyNoData = false;
        for (DnsName candidate : search.candidates(h, name)) {
            // Both questions go out before either answer is awaited.
            Object a = begin(candidate, RecordType.A);
            Object aaaa = begin(candidate, RecordType.AAAA);
            Outcome four = finish(a);
            Outcome six = finish(aaaa);
            List<InetAddress> addresses = interleave(addresses(six), addresses(four));
            if (!addresses.isEmpty()) {
                remember(host, candidate, addresses);
                return addresses;
            }
            if (six instanceof Outcome.Failed f) {
                throw f.error().copy();
            }
            if (four instanceof Outcome.Failed f) {
                throw f.error().copy();
            }
            anyNoData |= six instanceof Outcome.Answer || four instanceof Outcome.Answer;
        }
        throw anyNoData
                ? new DnsLookupException(DnsLookupException.Reason.NO_DATA, host + ": the name has no A or AAAA record")
                : notFound(host, name);
    }

    private void remember(String host, DnsName name, List<InetAddress> addresses) {
        long now = clock.nanoTime();
        long expiresAt = Math.min(cache.expiresAt(new DnsCache.Key(name, RecordType.A), now),
                cache.expiresAt(new DnsCache.Key(name, RecordType.AAAA), now));
        if (expiresAt - now <= 0) {
            return; // not cached (a zero TTL): nothing to remember either
        }
        if (memo.size() >= memoMax) {
            memo.clear();
        }
        memo.put(host, new Memo(List.copyOf(addresses), expiresAt));
    }

    /**
     * The records of {@code type} for {@code name}, after the search list and the CNAME chain. DNS
     * only: the hosts file is not read. An empty answer means the name exists without such records.
     *
     * @throws DnsLookupException if the name does not exist (NXDOMAIN) or no server answered
     */
    public DnsAnswer query(String name, RecordType type) throws IOException {
        DnsName n = parse(name);
        DnsAnswer noData = null;
        for (DnsName candidate : search.candidates(name, n)) {
            switch (finish(begin(candidate, type))) {
                case Outcome.Answer a when !a.answer().isEmpty() -> {
                    return a.answer();
                }
                case Outcome.Answer a -> {
                    if (noData == null) {
                        noData = a.answer();
                    }
                }
                case Outcome.NameNotFound nx -> { }
                case Outcome.Failed f -> throw f.error().copy();
            }
        }
        if (noData != null) {
            return noData;
        }
        throw notFound(name, n);
    }

    /**
     * The names of {@code address}: from the hosts file if it lists it, else the PTR records of its
     * {@code in-addr.arpa} or {@code ip6.arpa} name.
     *
     * @throws DnsLookupException if there is no such name or no server answered
     */
    public List<String> reverse(InetAddress address) throws IOException {
        List<DnsName> listed = hosts.names(address);
        if (!listed.isEmpty()) {
            return listed.stream().map(DnsName::toString).toList();
        }
        DnsAnswer a = query(ReverseName.of(address) + ".", RecordType.PTR);
        if (a.isEmpty()) {
            throw new DnsLookupException(DnsLookupException.Reason.NO_DATA,
                    address.getHostAddress() + ": " + a.name() + " has no PTR record");
        }
        List<String> out = new ArrayList<>(a.records().size());
        for (var rr : a.records()) {
            out.add(((RData.Ptr) rr.data()).target().toString());
        }
        return out;
    }

    // =============================================================================================
    // Cache, coalescing, fetching
    // =============================================================================================

    /** A cached outcome, or the {@link Inflight} that will bring it (joined, or started here). */
    private Object begin(DnsName name, RecordType type) throws DnsLookupException {
        Coro me = Coro.current();
        if (me == null) {
            throw new IllegalStateException("DNS lookups park the calling coro: call them from inside a coro "
                    + "(Coro.spawn), not from " + Thread.currentThread());
        }
        if (closed) {
            throw new DnsLookupException(DnsLookupException.Reason.CLOSED, "the resolver is closed");
        }
        DnsCache.Key key = new DnsCache.Key(name, type);
        Outcome cached = cache.get(key, clock.nanoTime());
        if (cached != null) {
            return cached;
        }
        Inflight mine = new Inflight(name + " " + type);
        Inflight running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            coalesced.incrementAndGet();
            return running;
        }
        // The query runs in a coro of its own, so a caller that times out or is interrupted does not
        // cancel it for the others waiting.
        Coro fetcher = Coro.create(me.scheduler(), "dns " + name + " " + type, () -> fetch(key, mine));
        fetchers.add(fetcher);
        fetcher.start();
        return mine;
    }

    private static Outcome finish(Object begun) {
        return begun instanceof Inflight i ? i.await() : (Outcome) begun;
    }

    private void fetch(DnsCache.Key key, Inflight flight) {
        Outcome outcome;
        try {
            UdpMux mux = muxes.computeIfAbsent(Coro.current().scheduler(), s -> new UdpMux(random, maxInFlight));
            outcome = ChainWalk.resolve(new Question(key.name(), key.type()), servers, mux);
            if (!closed) {
                cache.put(key, outcome, clock.nanoTime());
            }
        } catch (DnsLookupException e) {
            outcome = new Outcome.Failed(e);
        } catch (Shutdown e) {
            outcome = new Outcome.Failed(new DnsLookupException(DnsLookupException.Reason.CLOSED,
                    key.name() + " " + key.type() + ": the resolver was closed"));
        } catch (RuntimeException e) {
            DnsLookupException failure = new DnsLookupException(DnsLookupException.Reason.SERVER_FAILURE,
                    key.name() + " " + key.type() + ": " + e);
            failure.initCause(e);
            outcome = new Outcome.Failed(failure);
        } finally {
            fetchers.remove(Coro.current());
        }
        inflight.remove(key, flight);
        flight.complete(outcome);
    }

    private static SecureRandom newRandom() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG"); // fast, and query ids must not be guessable
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        r.nextInt(); // seeds it now, not in the first lookup on a loop
        return r;
    }

    // =============================================================================================
    // Helpers
    // =============================================================================================

    private static InetAddress literal(String h) {
        // Only strings that can be literals are parsed: a failed parse throws, which costs more than
        // a cached lookup. IPv6 literals hold a colon; IPv4 ones only digits and dots.
        boolean candidate = h.indexOf(':') >= 0;
        if (!candidate && !h.isEmpty()) {
            candidate = true;
            for (int i = 0; i < h.length() && candidate; i++) {
                char c = h.charAt(i);
                candidate = (c >= '0' && c <= '9') || c == '.';
            }
        }
        if (!candidate) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static DnsName parse(String host) throws UnknownHostException {
        try {
            DnsName n = DnsName.of(host);
            if (n.isRoot()) {
                throw new UnknownHostException("an empty host name cannot be looked up");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException("'" + host + "' is not a valid host name: " + e.getMessage());
        }
    }

    private DnsLookupException notFound(String typed, DnsName name) {
        List<DnsName> tried = search.candidates(typed, name);
        return new DnsLookupException(DnsLookupException.Reason.NAME_NOT_FOUND, typed + ": no such name (NXDOMAIN"
                + (tried.size() > 1 ? " for " + tried : "") + ")");
    }

    private static List<InetAddress> addresses(Outcome o) {
        return o instanceof Outcome.Answer a ? a.answer().addresses() : List.of();
    }

    private static List<InetAddress> interleave(List<InetAddress> first, List<InetAddress> second) {
        List<InetAddress> out = new ArrayList<>(first.size() + second.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    // =============================================================================================
    // Management
    // =============================================================================================

    /** What the resolver has done so far. */
    /**
     * What the resolver has done so far.
     *
     * @param coalesced lookups that joined an identical one already in flight instead of sending a query
     * @param udpSockets UDP sockets opened (each burst of queries gets a new one, so a new source port)
     * @param droppedMalformed UDP packets that did not decode
     * @param droppedUnexpected UDP packets whose source and id matched no query in flight
     * @param droppedMismatched UDP packets with a query's source and id but another question
     */
    public record Stats(int cachedAnswers, long cacheHits, long cacheMisses, long coalesced, long evictions,
                        long udpQueries, long tcpQueries, long udpSockets, long droppedMalformed,
                        long droppedUnexpected, long droppedMismatched) {}

    /** Counters of the cache, the queries sent and the packets dropped. Any thread (a racy snapshot). */
    public Stats stats() {
        DnsCache.Snapshot c = cache.snapshot();
        long[] n = new long[6];
        for (UdpMux m : muxes.values()) {
            UdpMux.Counters k = m.counters();
            n[0] += k.udpQueries;
            n[1] += k.tcpQueries;
            n[2] += k.sockets;
            n[3] += k.malformed;
            n[4] += k.unexpected;
            n[5] += k.mismatched;
        }
        return new Stats(c.size(), c.hits() + memoHits.sum(), c.misses(), coalesced.get(), c.evictions(), n[0], n[1], n[2], n[3],
                n[4], n[5]);
    }

    /** Forgets every cached answer. Any thread. */
    public void clearCache() {
        memo.clear();
        cache.clear();
    }

    /** The name servers asked, in order. */
    public List<InetSocketAddress> servers() {
        return servers.servers();
    }

    /**
     * Closes the resolver: its sockets close, lookups in flight fail with reason CLOSED, later ones
     * too. If it is the installed resolver, {@code connect(host, port)} goes back to literals only.
     * Any thread.
     */
    @Override
    public void close() {
        closed = true;
        for (Coro c : fetchers) {
            c.shutdown();
        }
        for (UdpMux m : muxes.values()) {
            m.closeAll();
        }
        cache.clear();
        if (Resolver.current() == this) {
            Resolver.setDefault(Resolver.literalOnly());
        }
    }

    @Override
    public String toString() {
        return "DnsResolver" + servers.servers();
    }

    /**
     * Settings of a {@link DnsResolver}. Start from {@link #resolvConf} (or glibc's defaults), then
     * override.
     *
     * <p>Threading: one thread builds.
     */
    public static final class Builder {
        private List<InetSocketAddress> servers = ResolvConf.DEFAULT.servers();
        private List<DnsName> search = List.of();
        private int ndots = ResolvConf.DEFAULT.ndots();
        private Duration timeout = ResolvConf.DEFAULT.timeout();
        private int attempts = ResolvConf.DEFAULT.attempts();
        private boolean rotate;
        private HostsFile hosts = HostsFile.EMPTY;
        private CachePolicy cache = CachePolicy.DEFAULT;
        private Clock clock = Clock.system();
        private int maxInFlight = 256;

        private Builder() {}

        /** Servers, search list, ndots, timeout, attempts and rotate from a parsed resolv.conf. */
        public Builder resolvConf(ResolvConf conf) {
            servers = conf.servers();
            search = conf.search();
            ndots = conf.ndots();
            timeout = conf.timeout();
            attempts = conf.attempts();
            rotate = conf.rotate();
            return this;
        }

        /** The name servers, with their ports, asked in this order. */
        public Builder servers(InetSocketAddress... list) {
            return servers(List.of(list));
        }

        public Builder servers(List<InetSocketAddress> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("a resolver needs at least one server");
            }
            for (InetSocketAddress a : list) {
                if (a.isUnresolved()) {
                    throw new IllegalArgumentException("name server " + a + " must be an IP address: a resolver "
                            + "cannot look up its own servers (use new InetSocketAddress(InetAddress.ofLiteral(ip), port))");
                }
            }
            servers = List.copyOf(list);
            return this;
        }

        /** The search domains (resolv.conf {@code search}). */
        public Builder search(String... domains) {
            search = java.util.Arrays.stream(domains).map(DnsName::of).toList();
            return this;
        }

        /** Names with fewer dots than this are tried with the search domains first (resolv.conf {@code ndots}). */
        public Builder ndots(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("ndots must be >= 0, not " + n);
            }
            ndots = n;
            return this;
        }

        /** How long to wait for each server before asking the next one. */
        public Builder timeout(Duration perServer) {
            if (perServer.isNegative() || perServer.isZero()) {
                throw new IllegalArgumentException("the per-server timeout must be positive, not " + perServer);
            }
            timeout = perServer;
            return this;
        }

        /** Rounds over the server list before giving up. */
        public Builder attempts(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("attempts must be >= 1, not " + rounds);
            }
            attempts = rounds;
            return this;
        }

        /** Spread queries over the servers instead of always asking the first one first. */
        public Builder rotate(boolean on) {
            rotate = on;
            return this;
        }

        /** The static table read before DNS ({@link HostsFile#EMPTY} for none). */
        public Builder hosts(HostsFile table) {
            hosts = Objects.requireNonNull(table, "hosts");
            return this;
        }

        public Builder cache(CachePolicy policy) {
            cache = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The clock TTLs are measured with (a loop's {@code TestClock} in tests). */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Queries a loop keeps in flight at most (default 256); more wait their turn. Thousands sent
         * at once overflow the server's request list and the socket buffers, and what is lost that
         * way only shows up as timeouts.
         */
        public Builder maxQueriesInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxQueriesInFlight must be >= 1, not " + n);
            }
            maxInFlight = n;
            return this;
        }

        public DnsResolver build() {
            return new DnsResolver(this);
        }
    }
}
