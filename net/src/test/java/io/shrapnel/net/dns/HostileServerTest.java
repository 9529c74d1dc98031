package io.shrapnel.net.dns;

import static io.shrapnel.net.dns.FakeDnsServer.a;
import static io.shrapnel.net.dns.FakeDnsServer.cname;
import static io.shrapnel.net.dns.FakeDnsServer.raw;
import static io.shrapnel.net.dns.FakeDnsServer.reply;
import static io.shrapnel.net.dns.FakeDnsServer.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.UdpSock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Servers that lie, stall or attack, played by a coro on 127.0.0.1 (FakeDnsServer), on a virtual
 * clock: timeouts fire at once and exactly. None of them may crash the resolver, leave a coro
 * behind, or put anything in the cache that was not the answer to the question asked.
 */
@ExtendWith(CoroTestExtension.class)
class HostileServerTest {
    private static final InetAddress RIGHT = InetAddress.ofLiteral("127.0.0.9");

    private static DnsResolver.Builder resolver(InetSocketAddress... servers) {
        return DnsResolver.builder().servers(servers).timeout(Duration.ofSeconds(2)).attempts(2)
                .clock(Coro.current().scheduler().clock());
    }

    private static void virtualTime(io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(body);
        }
    }

    /** The right answer for an A query of any name: 127.0.0.9; empty for other types. */
    private static byte[] right(DnsMessage q) {
        return q.question().type().equals(RecordType.A)
                ? reply(q, Rcode.NOERROR, a(q.question().name().toString(), "127.0.0.9", 300))
                : reply(q, Rcode.NOERROR);
    }

    @Test
    void answerWithAnotherIdIsDroppedAndTheRightOneTaken() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(
                    reply(q.withHeader(q.header().withId(q.header().id() ^ 1)), Rcode.NOERROR,
                            a(q.question().name().toString(), "6.6.6.6", 300)),
                    right(q)));
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(1, dns.stats().droppedUnexpected());
            }
        });
    }

    @Test
    void answerToAnotherQuestionIsDroppedAndTheRightOneTaken() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> {
                if (q.question().name().toString().equals("victim.test")) {
                    return List.of(right(q));
                }
                DnsMessage forged = new DnsMessage(q.header().asResponse(0),
                        List.of(new Question(io.shrapnel.net.dns.DnsName.of("victim.test"), RecordType.A)),
                        List.of(a("victim.test", "6.6.6.6", 300)), List.of(), List.of(), null);
                return List.of(forged.encode(), right(q));
            });
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(1, dns.stats().droppedMismatched());
                assertEquals(List.of(RIGHT), dns.query("victim.test", RecordType.A).addresses());
                assertEquals(2, dns.stats().udpQueries()); // victim.test was asked: nothing poisoned
            }
        });
    }

    @Test
    void answerFromAnotherAddressIsDroppedAndTheRightOneTaken() throws Exception {
        virtualTime(() -> {
            try (UdpSock spoofer = LoopbackPorts.bind(port -> UdpSock.bound(new InetSocketAddress(
                    InetAddress.ofLiteral("127.0.0.2"), port)));
                 FakeDnsServer s = FakeDnsServer.start((q, from) -> {
                     spoofer.sendTo(reply(q, Rcode.NOERROR, a(q.question().name().toString(), "6.6.6.6", 300)), from);
                     return List.of(right(q));
                 });
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(1, dns.stats().droppedUnexpected());
            }
        });
    }

    @Test
    void malformedAnswersAreDroppedAndTheRightOneTaken() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(
                    raw(q, "0000 8180 0001 0000 0000 0000 c00c 0001 0001"),                  // pointer to itself
                    raw(q, "0000 8180 0001 0000 0000 0000 c012 0001 0001 c00c"),              // pointer forward
                    raw(q, "0000 8180 0000 0001 0000 0000 00 0001 0001 0000003c ffff 7f000001"), // RDLENGTH past the end
                    raw(q, "0000 8180 0001 0000 0000 0000 3f6162"),                           // label past the end
                    raw(q, "0000 8180 ffff ffff ffff ffff"),                                  // counts, no data
                    raw(q, "0000 81"),                                                        // cut in the header
                    right(q)));
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(6, dns.stats().droppedMalformed());
            }
        });
    }

    @Test
    void onlyHostileAnswersTimeOutAndTheNextServerIsAsked() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer bad = FakeDnsServer.start((q, from) -> List.of(
                    raw(q, "0000 8180 0001 0000 0000 0000 c00c 0001 0001"),
                    raw(q, "0000 8180 0000 0001 0000 0000 00 0001 0001 0000003c ffff 7f000001")));
                 FakeDnsServer good = FakeDnsServer.start((q, from) -> List.of(right(q)));
                 DnsResolver dns = resolver(bad.address(), good.address()).build()) {
                long start = Coro.now();
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(Duration.ofSeconds(2).toNanos(), Coro.now() - start); // exactly one timeout
                assertEquals(1, bad.queries.size());
                assertEquals(1, good.queries.size());
            }
        });
    }

    @Test
    void aFloodOfForgedAnswersNeitherCrashesNorPoisons() throws Exception {
        virtualTime(() -> {
            Random random = new Random(7);
            int[] first = {1};
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> {
                List<byte[]> out = new ArrayList<>();
                if (first[0]-- > 0) {
                    for (int i = 0; i < 1000; i++) {
                        switch (i % 4) {
                            case 0 -> out.add(reply(q.withHeader(q.header().withId(random.nextInt(0x10000))),
                                    Rcode.NOERROR, a(q.question().name().toString(), "6.6.6.6", 86400)));
                            case 1 -> {
                                byte[] junk = new byte[1 + random.nextInt(600)];
                                random.nextBytes(junk);
                                out.add(junk);
                            }
                            case 2 -> out.add(response(q, Rcode.NOERROR, List.of(a("victim.test", "6.6.6.6", 86400)),
                                    List.of(), List.of()).withHeader(q.header().asResponse(0).withId(q.header().id() ^ 0x8000))
                                    .encode());
                            default -> out.add(raw(q, "0000 8180 0001 0000 0000 0000 c00c 0001 0001"));
                        }
                    }
                }
                if (q.question().name().toString().equals("victim.test")) {
                    out.add(right(q));
                    return out;
                }
                // The real answer carries records that were not asked for: they must not be kept.
                out.add(response(q, Rcode.NOERROR, List.of(a(q.question().name().toString(), "127.0.0.9", 300),
                                a("victim.test", "6.6.6.6", 86400)), List.of(),
                        List.of(a("victim.test", "6.6.6.6", 86400))).encode());
                return out;
            });
                 DnsResolver dns = resolver(s.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                DnsResolver.Stats st = dns.stats();
                assertTrue(st.droppedMalformed() + st.droppedUnexpected() > 0, st.toString());
                // victim.test was never asked: it is not in the cache, so it goes to the server.
                assertEquals(List.of(RIGHT), dns.query("victim.test", RecordType.A).addresses());
                assertEquals(2, s.queries.size());
                assertEquals(2, dns.stats().cachedAnswers()); // x.test and victim.test, both 127.0.0.9
            }
        });
    }

    @Test
    void allServersSilentIsATimeoutAfterEveryAttempt() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer a = FakeDnsServer.silent(); FakeDnsServer b = FakeDnsServer.silent();
                 DnsResolver dns = resolver(a.address(), b.address()).build()) {
                long start = Coro.now();
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.TIMEOUT, e.reason());
                assertEquals(Duration.ofSeconds(8).toNanos(), Coro.now() - start); // 2 rounds x 2 servers x 2 s
                assertEquals(2, a.queries.size());
                assertEquals(2, b.queries.size());
                assertTrue(e.getMessage().contains(ServerSet.address(a.address()) + " timed out after 2s"), e.getMessage());
            }
        });
    }

    @Test
    void aRefusingServerIsAskedOnceAndTheReasonSaysRefused() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer refuser = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.REFUSED)));
                 FakeDnsServer silent = FakeDnsServer.silent();
                 DnsResolver dns = resolver(refuser.address(), silent.address()).attempts(3).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.REFUSED, e.reason());
                assertTrue(e.getMessage().contains(ServerSet.address(refuser.address()) + " REFUSED"), e.getMessage());
                assertEquals(1, refuser.queries.size());
                assertEquals(3, silent.queries.size());
            }
        });
    }

    @Test
    void servfailSendsTheQuestionToTheNextServer() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer failing = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.SERVFAIL)));
                 FakeDnsServer good = FakeDnsServer.start((q, from) -> List.of(right(q)));
                 DnsResolver dns = resolver(failing.address(), good.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
            }
            try (FakeDnsServer failing = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.SERVFAIL)));
                 DnsResolver dns = resolver(failing.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.SERVER_FAILURE, e.reason());
                assertTrue(e.getMessage().contains("SERVFAIL"), e.getMessage());
            }
        });
    }

    @Test
    void aServerThatRejectsEdnsIsAskedAgainWithoutIt() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer old = FakeDnsServer.start((q, from) -> List.of(
                    q.edns() != null ? reply(q, Rcode.FORMERR) : right(q)));
                 DnsResolver dns = resolver(old.address()).build()) {
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                assertEquals(2, old.queries.size());
                assertEquals(1232, old.queries.get(0).edns().udpPayloadSize());
                assertEquals(null, old.queries.get(1).edns());
            }
        });
    }

    @Test
    void aCnameLoopIsAServerFailureNotAHang() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(reply(q, Rcode.NOERROR,
                    cname("a.test", "b.test", 300), cname("b.test", "a.test", 300))));
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("a.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.SERVER_FAILURE, e.reason());
                assertTrue(e.getMessage().contains("CNAME loop"), e.getMessage());
            }
        });
    }

    @Test
    void aChainCutShortIsFollowedByAskingForItsTarget() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(
                    q.question().name().toString().equals("start.test")
                            ? reply(q, Rcode.NOERROR, cname("start.test", "end.test", 100))
                            : reply(q, Rcode.NOERROR, a("end.test", "127.0.0.9", 50))));
                 DnsResolver dns = resolver(s.address()).build()) {
                DnsAnswer answer = dns.query("start.test", RecordType.A);
                assertEquals(List.of(RIGHT), answer.addresses());
                assertEquals("end.test", answer.canonicalName().toString());
                assertEquals(50, answer.ttlSeconds());
                assertEquals(2, s.queries.size());
            }
        });
    }

    @Test
    void aCallerThatTimesOutLeavesTheQueryToTheOthersWaitingForIt() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer slow = FakeDnsServer.start((q, from) -> {
                Coro.sleep(Duration.ofSeconds(3));
                return List.of(right(q));
            });
                 DnsResolver dns = resolver(slow.address()).timeout(Duration.ofSeconds(5)).build()) {
                Coro impatient = Coro.spawn(() -> assertThrows(io.shrapnel.kernel.TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofSeconds(1), () -> dns.query("x.test", RecordType.A))));
                assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                impatient.join();
                assertEquals(1, slow.queries.size());
                assertEquals(1, dns.stats().coalesced());
                dns.query("x.test", RecordType.A);
                assertEquals(1, dns.stats().cacheHits());
            }
        });
    }

    @Test
    void closingTheResolverFailsLookupsInFlight() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer silent = FakeDnsServer.silent()) {
                DnsResolver dns = resolver(silent.address()).build();
                Coro closer = Coro.spawn(() -> {
                    Coro.sleep(Duration.ofMillis(500));
                    dns.close();
                });
                DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                assertEquals(DnsLookupException.Reason.CLOSED, e.reason());
                closer.join();
                assertEquals(DnsLookupException.Reason.CLOSED,
                        assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A)).reason());
            }
        });
    }

    @Test
    void queryIdsAreRandomAndEachBurstGetsAFreshSocket() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(right(q)));
                 DnsResolver dns = resolver(s.address()).build()) {
                for (int i = 0; i < 50; i++) {
                    dns.query("n" + i + ".test", RecordType.A);
                }
                long distinctIds = s.queries.stream().mapToInt(q -> q.header().id()).distinct().count();
                assertTrue(distinctIds > 40, "ids " + s.queries.stream().map(q -> q.header().id()).toList());
                assertEquals(50, dns.stats().udpSockets()); // one lookup at a time: a socket (and port) each
            }
        });
    }

    @Test
    void zeroTtlAnswersAreNotCached() throws Exception {
        virtualTime(() -> {
            try (FakeDnsServer s = FakeDnsServer.start((q, from) -> List.of(
                    reply(q, Rcode.NOERROR, a(q.question().name().toString(), "127.0.0.9", 0))));
                 DnsResolver dns = resolver(s.address()).build()) {
                dns.query("x.test", RecordType.A);
                dns.query("x.test", RecordType.A);
                assertEquals(2, s.queries.size());
            }
        });
    }

    @Test
    void tcpAnswersThatDoNotMatchOrStopShortAreNotTaken() throws Exception {
        virtualTime(() -> {
            // UDP and TCP on one port: a port free for both (LoopbackPorts probes both), TCP, then UDP.
            io.shrapnel.net.TcpSock listener = null;
            FakeDnsServer s = null;
            for (int tries = 0; s == null; tries++) {
                listener = io.shrapnel.net.TcpSock.create();
                int port = LoopbackPorts.tcp();
                try {
                    listener.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
                    listener.listen(5);
                    s = FakeDnsServer.start(port,
                            (q, from) -> List.of(response(q, Rcode.NOERROR, List.of(), List.of(), List.of())
                                    .withHeader(q.header().asResponse(0).withTruncated(true)).encode()));
                } catch (java.net.BindException taken) {
                    listener.close();
                    if (tries == 10) {
                        throw taken;
                    }
                }
            }
            io.shrapnel.net.TcpSock tcp = listener;
            FakeDnsServer udp = s;
            try (tcp; udp) {
                Coro tcpServer = Coro.spawn("fake-dns-tcp", () -> {
                    for (int conn = 0; conn < 3; conn++) {
                        try (io.shrapnel.net.TcpSock c = tcp.accept()) {
                            byte[] len = c.recvExact(2);
                            DnsMessage q = DnsMessage.decode(c.recvExact((len[0] & 0xff) << 8 | len[1] & 0xff));
                            byte[] answer = switch (conn) {
                                case 0 -> frame(right(q.withHeader(q.header().withId(q.header().id() ^ 1))));
                                case 1 -> new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}; // 65535 promised, 3 sent
                                default -> frame(right(q));
                            };
                            c.sendAll(answer);
                        }
                    }
                });
                try (DnsResolver dns = resolver(udp.address()).build()) {
                    DnsLookupException e = assertThrows(DnsLookupException.class, () -> dns.query("x.test", RecordType.A));
                    assertEquals(DnsLookupException.Reason.SERVER_FAILURE, e.reason());
                    assertTrue(e.getMessage().contains("does not match the query"), e.getMessage());
                    assertTrue(e.getMessage().contains("end of stream"), e.getMessage());
                    assertEquals(List.of(RIGHT), dns.query("x.test", RecordType.A).addresses());
                    assertEquals(3, dns.stats().tcpQueries());
                }
                tcpServer.join();
            }
        });
    }

    private static byte[] frame(byte[] m) {
        byte[] f = new byte[m.length + 2];
        f[0] = (byte) (m.length >> 8);
        f[1] = (byte) m.length;
        System.arraycopy(m, 0, f, 2, m.length);
        return f;
    }
}
