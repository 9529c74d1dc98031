package io.shrapnel.net.dns;

import static io.shrapnel.net.dns.FakeDnsServer.a;
import static io.shrapnel.net.dns.FakeDnsServer.cname;
import static io.shrapnel.net.dns.FakeDnsServer.reply;
import static io.shrapnel.net.dns.FakeDnsServer.soa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edges of the resolver that the real server never reaches: CNAME chains at their limits, records
 * of another class, an SOA of another zone, a failure on one family only, the per-host memo, the
 * builder's settings. Fake servers on 127.0.0.1 (FakeDnsServer), virtual time.
 */
@ExtendWith(CoroTestExtension.class)
class ResolverEdgesTest {
    private static final InetAddress NINE = InetAddress.ofLiteral("127.0.0.9");

    private static DnsResolver.Builder resolver(InetSocketAddress... servers) {
        return DnsResolver.builder().servers(servers).timeout(Duration.ofSeconds(2)).attempts(1)
                .clock(Coro.current().scheduler().clock());
    }

    private static void virtualTime(io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(body);
        }
    }

    private static String asked(DnsMessage q) {
        return q.question().name().toString();
    }

    /** A server that gives every name 127.0.0.9 and no AAAA (NODATA with the zone's SOA, so it is cached). */
    private static FakeDnsServer addressServer() throws Exception {
        return FakeDnsServer.start((q, from) -> List.of(q.question().type().equals(RecordType.A)
                ? reply(q, Rcode.NOERROR, a(asked(q), "127.0.0.9", 300))
                : FakeDnsServer.response(q, Rcode.NOERROR, List.of(), List.of(soa("test", 300, 300)), List.of())
                        .encode()));
    }

    /** c0.test -> c1.test -> ... -> c{links}.test, and the A record of the last one. */
    private static FakeDnsServer chainServer(int links) throws Exception {
        return FakeDnsServer.start((q, from) -> {
            List<ResourceRecord> rrs = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                rrs.add(cname("c" + i + ".test", "c" + (i + 1) + ".test", 300));
            }
            rrs.add(a("c" + links + ".test", "127.0.0.9", 300));
            return List.of(reply(q, Rcode.NOERROR, rrs.toArray(new ResourceRecord[0])));
        });
    }

    @Test
    void aChainOf16CnamesIsFollowedAnd17AreAServerFailure() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = chainServer(ChainWalk.MAX_CNAMES);
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsAnswer answer = dns.query("c0.test", RecordType.A);
                assertEquals(List.of(NINE), answer.addresses());
                assertEquals(ChainWalk.MAX_CNAMES, answer.chain().size());
            }
            try (FakeDnsServer s = chainServer(ChainWalk.MAX_CNAMES + 1);
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("c0.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.SERVER_FAILURE, e.reason());
                assertTrue(e.getMessage().contains("longer than 16"), e.getMessage());
            }
        });
    }

    @Test
    void aServerThatStopsEveryChainAfterOneLinkIsAskedEightTimes() throws Exception {
        virtualTime(() -> {
            // n{i}.test -> n{i+1}.test, one link per answer, without an SOA: never a final answer.
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> {
                int i = Integer.parseInt(asked(q).substring(1, asked(q).indexOf('.')));
                return List.of(reply(q, Rcode.NOERROR, cname("n" + i + ".test", "n" + (i + 1) + ".test", 300)));
            });
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("n0.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.SERVER_FAILURE, e.reason());
                assertTrue(e.getMessage().contains("unresolved after 8 queries"), e.getMessage());
                assertEquals(8, s.queries.size());
                assertEquals("n7.test", asked(s.queries.getLast()));
            }
        });
    }

    @Test
    void aChainCutShortAtANameItsZoneSaysHasNoDataIsAnEmptyAnswer() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(FakeDnsServer.response(q, Rcode.NOERROR,
                    List.of(cname("start.test", "end.other", 300)), List.of(soa("other", 300, 60)), List.of())
                    .encode()));
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsAnswer answer = dns.query("start.test", RecordType.A);
                assertTrue(answer.isEmpty());
                assertEquals("end.other", answer.canonicalName().toString());
                assertEquals(1, s.queries.size(), "the SOA said end.other has no A: not asked again");
                assertEquals(60, answer.ttlSeconds());
            }
        });
    }

    @Test
    void recordsOfAnotherClassAreNotTaken() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.NOERROR,
                    new ResourceRecord(q.question().name(), 3, 300,
                            new RData.A((java.net.Inet4Address) InetAddress.ofLiteral("6.6.6.6"))),
                    a(asked(q), "127.0.0.9", 300))));
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(NINE), dns.query("x.test", RecordType.A).addresses());
            }
        });
    }

    @Test
    void anSoaOfAnotherZoneGivesNoNegativeTtl() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(FakeDnsServer.response(q, Rcode.NXDOMAIN,
                    List.of(), List.of(soa("elsewhere", 300, 300)), List.of()).encode()));
                 DnsResolver dns = resolver(s.address()).build()) {
                assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(2, s.queries.size(), "not cached: the SOA is not x.test's zone");
            }
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(FakeDnsServer.response(q, Rcode.NXDOMAIN,
                    List.of(), List.of(soa("test", 300, 300)), List.of()).encode()));
                 DnsResolver dns = resolver(s.address()).build()) {
                assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(1, s.queries.size(), "cached for the SOA's minimum");
            }
        });
    }

    @Test
    void aFailureOfTheAQueryFailsTheLookupWhenAaaaHasNoData() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(q.question().type().equals(RecordType.A)
                    ? reply(q, Rcode.REFUSED) : reply(q, Rcode.NOERROR)));
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.lookup("x.test"));
                assertEquals(DnsLookupException.Reason.REFUSED, e.reason());
            }
        });
    }

    @Test
    void aReverseLookupWithoutPtrRecordsSaysSo() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(FakeDnsServer.response(q, Rcode.NOERROR,
                    List.of(), List.of(soa("in-addr.arpa", 300, 300)), List.of()).encode()));
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class,
                        () -> dns.reverse(InetAddress.ofLiteral("10.1.2.3")));
                assertEquals(DnsLookupException.Reason.NO_DATA, e.reason());
                assertTrue(e.getMessage().contains("3.2.1.10.in-addr.arpa has no PTR record"), e.getMessage());
            }
        });
    }

    @Test
    void theMemoHoldsAsManyHostsAsTheCacheAndIsClearedWhenFull() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = addressServer();
                 DnsResolver dns = resolver(s.address())
                         .cache(new CachePolicy(2, Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1))).build()) {
                dns.lookup("one.test");
                dns.lookup("one.test");
                assertEquals(2, s.queries.size(), "the second lookup came from the memo");
                dns.lookup("two.test");
                dns.lookup("three.test"); // the memo held 2 hosts, the cache's size: cleared first
                dns.lookup("one.test");
                assertEquals(8, s.queries.size(), "one.test had left both the memo and the cache");
            }
        });
    }

    @Test
    void aClosedResolverDoesNotAnswerFromItsMemo() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = addressServer()) {
                DnsResolver dns = resolver(s.address()).build();
                assertEquals(List.of(NINE), dns.lookup("x.test"));
                assertEquals(List.of(NINE), dns.lookup("x.test"));
                assertEquals(2, s.queries.size(), "the second lookup came from the memo");
                dns.close();
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.lookup("x.test"));
                assertEquals(DnsLookupException.Reason.CLOSED, e.reason());
            }
        });
    }

    @Test
    void namesThatCannotBeLookedUpAreUnknownHosts() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.silent(); DnsResolver dns = resolver(s.address()).build()) {
                UnknownHostException empty = assertThrows(UnknownHostException.class, () -> dns.lookup("."));
                assertTrue(empty.getMessage().contains("empty host name"), empty.getMessage());
                UnknownHostException bad = assertThrows(UnknownHostException.class, () -> dns.lookup("a..b"));
                assertTrue(bad.getMessage().contains("'a..b' is not a valid host name"), bad.getMessage());
                assertEquals(List.of(InetAddress.ofLiteral("::1")), dns.lookup("[::1]"));
                assertEquals(0, s.queries.size());
            }
        });
    }

    @Test
    void digitsAndDotsThatAreNotAnAddressAreLookedUpAsAName() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = addressServer(); DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(NINE), dns.lookup("1.2.3.4.5"));
                assertTrue(s.queries.stream().allMatch(q -> asked(q).equals("1.2.3.4.5")));
                assertEquals(2, s.queries.size());
            }
        });
    }

    @Test
    void theBuilderRefusesSettingsThatCannotWork() {
        DnsResolver.Builder b = DnsResolver.builder();
        assertThrows(IllegalArgumentException.class, () -> b.servers(List.of()));
        IllegalArgumentException unresolved = assertThrows(IllegalArgumentException.class,
                () -> b.servers(InetSocketAddress.createUnresolved("ns.example", 53)));
        assertTrue(unresolved.getMessage().contains("must be an IP address"), unresolved.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.ndots(-1));
        assertSame(b, b.ndots(0));
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofSeconds(-1)));
        assertSame(b, b.timeout(Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> b.attempts(0));
        assertSame(b, b.attempts(1));
        assertThrows(IllegalArgumentException.class, () -> b.maxQueriesInFlight(0));
        assertSame(b, b.maxQueriesInFlight(1));
        assertSame(b, b.rotate(true));
        assertSame(b, b.search("a.test"));
        assertSame(b, b.hosts(HostsFile.EMPTY));
        assertSame(b, b.cache(CachePolicy.DEFAULT));
    }

    @Test
    void aResolvConfGivesTheServersSearchListAndTimeouts() throws Exception {
        ResolvConf conf = ResolvConf.parse("nameserver 127.0.0.7\nnameserver ::1\nsearch corp.test\n"
                + "options ndots:2 timeout:3 attempts:2 rotate\n");
        try (DnsResolver plain = DnsResolver.builder().resolvConf(conf).build()) {
            assertEquals(conf.servers(), plain.servers());
            assertEquals("DnsResolver" + conf.servers(), plain.toString());
        }
        virtualTime(() -> {
            try (FakeDnsServer a = FakeDnsServer.silent(); FakeDnsServer b = FakeDnsServer.silent();
                 DnsResolver dns = DnsResolver.builder().resolvConf(conf).servers(a.address(), b.address())
                         .clock(Coro.current().scheduler().clock()).build()) {
                long start = Coro.now();
                assertThrows(DnsLookupException.class, () -> dns.query("x.y", RecordType.A));
                // ndots 2: "x.y" (one dot) is tried with the search domain first; its timeout ends
                // the lookup after 2 attempts x 2 servers x 3 s.
                assertEquals(Duration.ofSeconds(12).toNanos(), Coro.now() - start);
                assertEquals(2, a.queries.size());
                assertEquals(2, b.queries.size());
                assertTrue(a.queries.stream().allMatch(q -> asked(q).equals("x.y.corp.test")));
            }
        });
    }

    @Test
    void rotateStartsEachQuestionAtTheNextServer() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer a = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.NOERROR,
                    FakeDnsServer.a(asked(q), "127.0.0.9", 300))));
                 FakeDnsServer b = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.NOERROR,
                         FakeDnsServer.a(asked(q), "127.0.0.9", 300))));
                 DnsResolver dns = resolver(a.address(), b.address()).rotate(true).build()) {
                for (int i = 0; i < 4; i++) {
                    dns.query("x" + i + ".test", RecordType.A);
                }
                assertEquals(2, a.queries.size());
                assertEquals(2, b.queries.size());
            }
        });
    }

    @Test
    void createReadsTheSystemsResolvConf() throws Exception {
        try (DnsResolver dns = DnsResolver.create()) {
            assertEquals(ResolvConf.load(ResolvConf.DEFAULT_PATH).servers(), dns.servers());
        }
    }

    @Test
    void aBracketedNameIsLookedUpWithoutItsBrackets() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = addressServer(); DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(NINE), dns.lookup("[x.test]"));
                assertTrue(s.queries.stream().allMatch(q -> asked(q).equals("x.test")));
            }
        });
    }

    @Test
    void noSuchNameListsTheNamesTriedOnlyWhenThereWereSeveral() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.NXDOMAIN)));
                 DnsResolver plain = resolver(s.address()).build();
                 DnsResolver searching = resolver(s.address()).search("corp.test").build()) {
                DnsLookupException one = assertThrows(DnsLookupException.class, () -> plain.lookup("x.test"));
                assertEquals("x.test: no such name (NXDOMAIN)", one.getMessage());
                DnsLookupException two = assertThrows(DnsLookupException.class, () -> searching.lookup("x.test"));
                assertEquals("x.test: no such name (NXDOMAIN for [x.test, x.test.corp.test])", two.getMessage());
            }
        });
    }

    @Test
    void aFlightNamesItsSocketAndWhatIsInFlight() throws Exception {
        virtualTime(() -> {
            UdpFlight f = new UdpFlight(new UdpMux(new java.util.Random(1), 4), java.net.StandardProtocolFamily.INET,
                    new java.util.Random(1));
            try {
                assertTrue(f.toString().startsWith("UdpFlight[UdpSock "), f.toString());
                assertTrue(f.toString().contains(", 0 in flight, reader "), f.toString());
                assertTrue(f.acceptsMore());
            } finally {
                f.close();
            }
            assertTrue(!f.acceptsMore());
            Coro.yieldSlice(); // the reader wakes to the closed socket and ends
        });
    }
}
