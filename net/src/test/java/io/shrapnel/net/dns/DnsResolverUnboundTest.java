package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestClock;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The resolver against a real unbound serving the zone {@code test.} (see servers/unbound.sh). */
@ExtendWith(CoroTestExtension.class)
class DnsResolverUnboundTest {
    private static InetSocketAddress server;

    @BeforeAll
    static void startUnbound() throws Exception {
        server = Unbound.shared().address();
    }

    private static DnsResolver.Builder resolver() {
        return DnsResolver.builder().servers(server).timeout(Duration.ofSeconds(3)).attempts(2);
    }

    private static <T> T inLoop(java.util.concurrent.Callable<T> body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(body);
        }
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void lookupReturnsIpv6AndIpv4InterleavedIpv6First() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            assertEquals(List.of(ip("::1"), ip("127.0.0.10")), inLoop(() -> dns.lookup("www.test")));
            assertEquals(Set.of(ip("127.0.0.11"), ip("127.0.0.12")), Set.copyOf(inLoop(() -> dns.lookup("multi.test"))));
            assertEquals(List.of(ip("::1")), inLoop(() -> dns.lookup("v6only.test")));
        }
    }

    @Test
    void everyParsedTypeComesBackAsItsRecord() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            inLoop(() -> {
                assertEquals(List.of(new RData.A((java.net.Inet4Address) ip("127.0.0.10"))),
                        dns.query("www.test", RecordType.A).data());
                assertEquals(List.of(ip("::1")), dns.query("www.test", RecordType.AAAA).addresses());
                assertEquals(List.of(new RData.Ns(DnsName.of("ns1.test"))), dns.query("test", RecordType.NS).data());
                assertEquals(Set.of(new RData.Mx(10, DnsName.of("mail.test")), new RData.Mx(20, DnsName.of("mail2.test"))),
                        Set.copyOf(dns.query("test", RecordType.MX).data()));
                RData.Soa soa = (RData.Soa) dns.query("test", RecordType.SOA).data().getFirst();
                assertEquals(DnsName.of("hostmaster.test"), soa.mailbox());
                assertEquals(2024010101L, soa.serial());
                assertEquals(60, soa.minimum());
                assertEquals(List.of("hello world", "second string"),
                        ((RData.Txt) dns.query("txt.test", RecordType.TXT).data().getFirst()).texts());
                assertEquals(Set.of(new RData.Srv(10, 60, 5060, DnsName.of("sip1.test")),
                                new RData.Srv(10, 40, 5060, DnsName.of("sip2.test"))),
                        Set.copyOf(dns.query("_sip._udp.test", RecordType.SRV).data()));
                assertEquals(List.of(new RData.Cname(DnsName.of("www.test"))),
                        dns.query("alias.test", RecordType.CNAME).data());
                // CAA (type 257) is not parsed: its RDATA comes back as bytes: flags 0, tag "issue", "ca.test".
                RData.Unknown caa = (RData.Unknown) dns.query("caa.test", new RecordType(257)).data().getFirst();
                assertEquals("0005" + "6973737565" + "63612e74657374", HexFormat.of().formatHex(caa.data()));
                return null;
            });
        }
    }

    @Test
    void cnameChainIsFollowedToTheCanonicalName() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            DnsAnswer a = inLoop(() -> dns.query("chain.test", RecordType.A));
            assertEquals(DnsName.of("www.test"), a.canonicalName());
            assertEquals(List.of("chain.test", "alias.test"),
                    a.chain().stream().map(r -> r.name().toString()).toList());
            assertEquals(List.of(ip("127.0.0.10")), a.addresses());
            assertEquals(List.of(ip("::1"), ip("127.0.0.10")), inLoop(() -> dns.lookup("chain.test")));
        }
    }

    @Test
    void aTxtTooBigForUdpIsTruncatedAndFetchedAgainOverTcp() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            DnsAnswer a = inLoop(() -> dns.query("big.test", RecordType.TXT));
            List<String> strings = ((RData.Txt) a.data().getFirst()).texts();
            assertEquals(8, strings.size());
            assertEquals(String.format("%0200d", 8), strings.get(7));
            assertEquals(1, dns.stats().udpQueries());
            assertEquals(1, dns.stats().tcpQueries());
        }
    }

    @Test
    void nxdomainIsCachedNegativelyForTheSoaTtl() throws Exception {
        TestClock ttlClock = new TestClock();
        try (DnsResolver dns = resolver().clock(ttlClock).build()) {
            DnsLookupException e = assertThrows(DnsLookupException.class, () -> inLoop(() -> dns.lookup("nope.test")));
            assertEquals(DnsLookupException.Reason.NAME_NOT_FOUND, e.reason());
            assertTrue(e.getMessage().contains("nope.test"), e.getMessage());
            assertEquals(2, dns.stats().udpQueries());
            // Again: answered from the cache (A and AAAA), no query sent.
            assertThrows(DnsLookupException.class, () -> inLoop(() -> dns.lookup("nope.test")));
            assertEquals(2, dns.stats().udpQueries());
            assertEquals(2, dns.stats().cacheHits());
            // The SOA says 60 s (its MINIMUM, and unbound's TTL for it): after that, asked again.
            ttlClock.advance(Duration.ofSeconds(61));
            assertThrows(DnsLookupException.class, () -> inLoop(() -> dns.lookup("nope.test")));
            assertEquals(4, dns.stats().udpQueries());
        }
    }

    @Test
    void nodataIsAnEmptyAnswerAndIsCachedToo() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            DnsAnswer mx = inLoop(() -> dns.query("www.test", RecordType.MX));
            assertTrue(mx.isEmpty());
            assertTrue(mx.ttlSeconds() > 0 && mx.ttlSeconds() <= 60, "ttl " + mx.ttlSeconds());
            inLoop(() -> dns.query("www.test", RecordType.MX));
            assertEquals(1, dns.stats().udpQueries());
            // _ldap._tcp.test holds an SRV record only: no A, no AAAA.
            DnsLookupException e = assertThrows(DnsLookupException.class,
                    () -> inLoop(() -> dns.lookup("_ldap._tcp.test")));
            assertEquals(DnsLookupException.Reason.NO_DATA, e.reason());
        }
    }

    @Test
    void refusedIsReportedWithTheServerThatRefused() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            DnsLookupException e = assertThrows(DnsLookupException.class, () -> inLoop(() -> dns.lookup("example.com")));
            assertEquals(DnsLookupException.Reason.REFUSED, e.reason());
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.getPort() + " REFUSED"), e.getMessage());
            // A refusing server is asked once per question, not once per attempt.
            assertEquals(2, dns.stats().udpQueries());
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAndTheNextOneIsAsked() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()) {
            LoopbackPorts.bind(port -> silent.bind(new InetSocketAddress(ip("127.0.0.1"), port))); // never answers
            try (DnsResolver dns = resolver().servers((InetSocketAddress) silent.getLocalAddress(), server)
                    .timeout(Duration.ofMillis(300)).build()) {
                assertEquals(List.of(ip("::1"), ip("127.0.0.10")), inLoop(() -> dns.lookup("www.test")));
                assertEquals(4, dns.stats().udpQueries()); // A and AAAA, each to both servers
            }
        }
    }

    @Test
    void reverseLookupsAskForPtrRecordsUnderInAddrArpaAndIp6Arpa() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            assertEquals(List.of("www.test"), inLoop(() -> dns.reverse(ip("127.0.0.10"))));
            // ::1 is one of unbound's built-in local zones: 1.0.0...0.ip6.arpa PTR localhost.
            assertEquals(List.of("localhost"), inLoop(() -> dns.reverse(ip("::1"))));
            DnsLookupException e = assertThrows(DnsLookupException.class, () -> inLoop(() -> dns.reverse(ip("127.0.0.99"))));
            assertEquals(DnsLookupException.Reason.NAME_NOT_FOUND, e.reason());
        }
    }

    @Test
    void searchDomainsAreTriedAsNdotsSays() throws Exception {
        try (DnsResolver dns = resolver().search("corp.test", "test").ndots(2).build()) {
            inLoop(() -> {
                // "host" (0 dots): host.corp.test exists.
                assertEquals(List.of(ip("127.0.0.30")), dns.lookup("host"));
                // "www" : www.corp.test does not exist, www.test does.
                assertEquals(List.of(ip("::1"), ip("127.0.0.10")), dns.lookup("www"));
                // "host.corp" (1 dot < ndots 2): host.corp.corp.test, then host.corp.test.
                assertEquals(List.of(ip("127.0.0.30")), dns.lookup("host.corp"));
                // A final dot: absolute, no search ("www." would be refused by this unbound).
                assertEquals(DnsLookupException.Reason.REFUSED,
                        assertThrows(DnsLookupException.class, () -> dns.lookup("www.")).reason());
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.lookup("nothing"));
                assertEquals(DnsLookupException.Reason.REFUSED, e.reason()); // last candidate "nothing." is refused
                return null;
            });
        }
    }

    @Test
    void theHostsFileIsReadBeforeDns() throws Exception {
        HostsFile hosts = HostsFile.parse("127.0.0.77 www.test  # wins over DNS\n::1 localhost ip6-localhost\n");
        try (DnsResolver dns = resolver().hosts(hosts).build()) {
            assertEquals(List.of(ip("127.0.0.77")), inLoop(() -> dns.lookup("WWW.test")));
            assertEquals(List.of("www.test"), inLoop(() -> dns.reverse(ip("127.0.0.77"))));
            assertEquals(List.of(ip("::1"), ip("127.0.0.1")), inLoop(() -> DnsResolver.builder().build().lookup("localhost")));
            assertEquals(0, dns.stats().udpQueries());
        }
    }

    @Test
    void ipLiteralsAreTheirOwnAnswer() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            assertEquals(List.of(ip("10.1.2.3")), inLoop(() -> dns.lookup("10.1.2.3")));
            assertEquals(List.of(ip("2001:db8::1")), inLoop(() -> dns.lookup("[2001:db8::1]")));
            assertEquals(0, dns.stats().udpQueries());
        }
    }

    @Test
    void concurrentIdenticalLookupsBecomeOneQueryPerType() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            List<List<InetAddress>> results = inLoop(() -> {
                List<List<InetAddress>> out = new ArrayList<>();
                List<Coro> coros = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    coros.add(Coro.spawn(() -> out.add(dns.lookup("multi.test"))));
                }
                for (Coro c : coros) {
                    c.join();
                }
                return out;
            });
            assertEquals(50, results.size());
            assertEquals(1, results.stream().map(Set::copyOf).collect(Collectors.toSet()).size());
            assertEquals(2, dns.stats().udpQueries());
            assertEquals(98, dns.stats().coalesced());
        }
    }

    @Test
    void manyQueriesInFlightShareOneSocket() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            int n = 300;
            List<InetAddress> all = inLoop(() -> {
                List<InetAddress> out = new ArrayList<>();
                List<Coro> coros = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String name = "n" + i + ".many.test";
                    coros.add(Coro.spawn(() -> out.addAll(dns.lookup(name))));
                }
                for (Coro c : coros) {
                    c.join();
                }
                return out;
            });
            assertEquals(n, all.size());
            assertEquals(Set.of(ip("127.0.0.40")), Set.copyOf(all));
            DnsResolver.Stats s = dns.stats();
            assertEquals(2L * n, s.udpQueries());
            assertEquals(1, s.udpSockets());
        }
    }

    @Test
    void aRepeatedLookupIsAnsweredFromMemoryUntilTheFirstOfItsAnswersExpires() throws Exception {
        TestClock ttlClock = new TestClock();
        CachePolicy policy = new CachePolicy(100, Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1));
        try (DnsResolver dns = resolver().cache(policy).clock(ttlClock).build()) {
            long[] queries = inLoop(() -> {
                long[] q = new long[4];
                List<InetAddress> first = dns.lookup("short.test"); // A 127.0.0.13 (60 s), no AAAA
                q[0] = dns.stats().udpQueries();
                ttlClock.advance(Duration.ofSeconds(59));
                assertEquals(first, dns.lookup("short.test"));
                q[1] = dns.stats().udpQueries();
                ttlClock.advance(Duration.ofSeconds(2)); // the A record's 60 s are over
                assertEquals(first, dns.lookup("short.test"));
                q[2] = dns.stats().udpQueries();
                dns.clearCache();
                assertEquals(first, dns.lookup("short.test"));
                q[3] = dns.stats().udpQueries();
                return q;
            });
            assertEquals(2, queries[0], "A and AAAA asked once");
            assertEquals(queries[0], queries[1], "within the TTL: no question sent");
            assertTrue(queries[2] > queries[1], "after the A record expired it is asked again");
            assertEquals(queries[2] + 2, queries[3], "clearCache forgets the remembered lookup too");
            assertTrue(dns.stats().cacheHits() >= 2, "a remembered lookup counts as the two cache hits it stands for");
        }
    }

    @Test
    void ttlsAreClampedToThePolicy() throws Exception {
        TestClock ttlClock = new TestClock();
        CachePolicy policy = new CachePolicy(100, Duration.ofSeconds(120), Duration.ofHours(1), Duration.ofHours(1));
        try (DnsResolver dns = resolver().cache(policy).clock(ttlClock).build()) {
            inLoop(() -> {
                DnsAnswer first = dns.query("long.test", RecordType.A);
                assertEquals(999999, first.ttlSeconds()); // as the server said it
                assertEquals(3600, dns.query("long.test", RecordType.A).ttlSeconds()); // from the cache: clamped
                dns.query("short.test", RecordType.A); // TTL 60, raised to 120
                ttlClock.advance(Duration.ofSeconds(90));
                dns.query("short.test", RecordType.A);
                return null;
            });
            DnsResolver.Stats s = dns.stats();
            assertEquals(2, s.udpQueries());
            assertEquals(2, s.cacheHits());
        }
    }

    @Test
    void connectByNameUsesTheInstalledResolver() throws Exception {
        try (DnsResolver dns = resolver().build()) {
            io.shrapnel.net.Resolver before = io.shrapnel.net.Resolver.current();
            dns.install();
            try {
                String echoed = inLoop(() -> {
                    try (io.shrapnel.net.TcpSock listener = io.shrapnel.net.TcpSock.create()) {
                        LoopbackPorts.bind(p -> {
                            listener.bind(new InetSocketAddress(ip("127.0.0.1"), p));
                            return listener;
                        });
                        listener.listen(5);
                        int port = ((InetSocketAddress) listener.localAddress()).getPort();
                        Coro accept = Coro.spawn(() -> {
                            try (io.shrapnel.net.TcpSock c = listener.accept()) {
                                c.sendAll("hi".getBytes());
                            }
                        });
                        try (io.shrapnel.net.TcpSock c = io.shrapnel.net.TcpSock.create()) {
                            c.connect("ns1.test", port); // ns1.test A 127.0.0.1
                            String got = new String(c.recvExact(2));
                            accept.join();
                            return got;
                        }
                    }
                });
                assertEquals("hi", echoed);
            } finally {
                io.shrapnel.net.Resolver.setDefault(before);
            }
        }
    }

    @Test
    void lookupsOutsideACoroFailWithAMessageSayingWhatToDo() {
        try (DnsResolver dns = resolver().build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> dns.lookup("www.test"));
            assertTrue(e.getMessage().contains("inside a coro"), e.getMessage());
        }
    }

    /** The README's snippet, with the servers and names of the test zone. */
    @Test
    void theReadmeSnippetRuns() throws Exception {
        io.shrapnel.net.Resolver before = io.shrapnel.net.Resolver.current();
        try (DnsResolver dns = resolver().build().install();
             io.shrapnel.net.TcpSock listener = io.shrapnel.net.TcpSock.create()) {
            LoopbackPorts.bind(p -> {
                listener.bind(new InetSocketAddress(ip("127.0.0.10"), p));
                return listener;
            });
            int port = inLoop(() -> {
                listener.listen(5);
                return ((InetSocketAddress) listener.localAddress()).getPort();
            });
            inLoop(() -> {
                List<InetAddress> all = dns.lookup("www.test");
                DnsAnswer mx = dns.query("test", RecordType.MX);
                List<String> names = dns.reverse(InetAddress.ofLiteral("127.0.0.10"));
                io.shrapnel.net.TcpSock s = io.shrapnel.net.TcpSock.create();
                s.connect("www.test", port); // [::1]:port refuses, 127.0.0.10:port accepts
                assertEquals(2, all.size());
                assertEquals(2, mx.records().size());
                assertEquals(List.of("www.test"), names);
                assertEquals(ip("127.0.0.10"), ((InetSocketAddress) s.peerAddress()).getAddress());
                s.close();
                return null;
            });
        } finally {
            io.shrapnel.net.Resolver.setDefault(before);
        }
    }
}
