package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.Protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.asn1.BerLimits;
import io.shrapnel.codecs.asn1.BerReader;
import io.shrapnel.codecs.asn1.BerStreamReader;
import io.shrapnel.codecs.asn1.DerWriter;
import io.shrapnel.codecs.asn1.Tag;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.UnixSock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake LDAP server coro on a Unix socket sends what no real server should. The client fails the
 * operation with a clear error, closes the connection, and leaves no coro or socket behind.
 */
class HostileServerTest {
    @TempDir
    Path dir;

    interface Script {
        void serve(BerStreamReader in, UnixSock conn) throws Exception;
    }

    interface Client {
        void run(LdapClient ldap) throws Exception;
    }

    private void against(BerLimits limits, Script script, Client client) throws Exception {
        Path path = dir.resolve("ldap" + System.nanoTime());
        long openBefore = UnixSock.stats().open();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                UnixSock listener = UnixSock.create();
                listener.bind(path);
                listener.listen(1);
                Coro server = Coro.spawn("fake-ldap", () -> {
                    try (UnixSock c = listener.accept()) {
                        script.serve(new BerStreamReader(c, BerLimits.DEFAULT), c);
                        while (c.recv(4096).length > 0) {
                            // drain until the client closes
                        }
                    } catch (IOException ignored) {
                        // the client hung up first
                    }
                });
                UnixSock sock = UnixSock.create();
                sock.connect(path);
                try (LdapClient ldap = LdapClient.over(sock, limits)) {
                    client.run(ldap);
                } finally {
                    server.join();
                    listener.close();
                }
            });
        }
        assertEquals(openBefore, UnixSock.stats().open(), "sockets left open");
    }

    private static int requestId(BerStreamReader in) throws IOException {
        return (int) BerReader.ber(in.read()).readSequence().readInteger();
    }

    /** An LDAPMessage {@code id} with a result of {@code op} (code 0, empty DN and message). */
    private static byte[] response(int id, Tag op) {
        DerWriter w = new DerWriter();
        int seq = w.begin(Tag.SEQUENCE);
        w.writeInteger(id);
        int o = w.begin(op);
        w.writeEnumerated(0).writeOctetString(new byte[0]).writeOctetString(new byte[0]);
        w.end(o);
        return w.end(seq).toByteArray();
    }

    private static void assertFailsWith(String start, LdapClient ldap) {
        LdapException e = assertThrows(LdapException.class, () -> ldap.compare("cn=x", "cn", "x"));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        LdapException later = assertThrows(LdapException.class, ldap::whoAmI);
        assertTrue(later.getMessage().startsWith("LDAP connection is closed"), later.getMessage());
    }

    @Test
    void anAnswerToAMessageIdNeverSentIsAProtocolError() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            int id = requestId(in);
            c.sendAll(response(id + 41, Protocol.EXTENDED_RESPONSE));
        }, ldap -> assertFailsWith("LDAP connection failed: protocol error: the server answered message id 42, "
                + "which this client never sent", ldap));
    }

    @Test
    void aLengthPastTheLimitFailsBeforeTheBodyArrives() throws Exception {
        against(new BerLimits(16, 1024), (in, c) -> {
            in.read();
            c.sendAll(HexFormat.of().parseHex("3084000fffff020101"));
        }, ldap -> assertFailsWith("LDAP connection failed: length 1048575 over the limit of 1024 at offset 1", ldap));
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        byte[] deep = new byte[64];
        for (int i = 0; i < 32; i++) {
            deep[2 * i] = 0x30;
            deep[2 * i + 1] = (byte) 0x80;
        }
        against(new BerLimits(16, 1024), (in, c) -> {
            in.read();
            c.sendAll(deep);
        }, ldap -> assertFailsWith("LDAP connection failed: nesting deeper than 16 levels at offset 32", ldap));
    }

    @Test
    void aTenByteTagIsRefused() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            c.sendAll(HexFormat.of().parseHex("9f818181818181818101020101"));
        }, ldap -> assertFailsWith("LDAP connection failed: tag number longer than 4 bytes at offset 0", ldap));
    }

    @Test
    void malformedEnvelopeIsRefused() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            c.sendAll(HexFormat.of().parseHex("3003040100"));
        }, ldap -> assertFailsWith("LDAP connection failed: expected [UNIVERSAL 2], found [UNIVERSAL 4] at offset 2", ldap));
    }

    @Test
    void aNegativeMessageIdIsRefused() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            c.sendAll(HexFormat.of().parseHex("30050201ff7800"));
        }, ldap -> assertFailsWith("LDAP connection failed: message id -1 out of range at offset 0", ldap));
    }

    @Test
    void trailingBytesInAMessageAreRefused() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            int id = requestId(in);
            c.sendAll(new byte[] {0x30, 9, 2, 1, (byte) id, 0x78, 0, (byte) 0xa0, 0, 5, 0});
        }, ldap -> assertFailsWith("LDAP connection failed: 2 unexpected bytes after the last element at offset 9", ldap));
    }

    @Test
    void aPrimitiveOperationIsRefused() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            int id = requestId(in);
            c.sendAll(new byte[] {0x30, 5, 2, 1, (byte) id, 0x42, 0});
        }, ldap -> assertFailsWith("LDAP connection failed: primitive protocol operation [APPLICATION 2] from the server at offset 5", ldap));
    }

    @Test
    void endOfStreamInTheMiddleOfAnAnswer() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            c.sendAll(HexFormat.of().parseHex("300c020101"));
            c.close();
        }, ldap -> assertFailsWith("LDAP connection failed: end of stream", ldap));
    }

    @Test
    void theServerHangingUpFailsTheOperation() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            c.close();
        }, ldap -> assertFailsWith("LDAP connection failed: the server closed the connection", ldap));
    }

    @Test
    void noticeOfDisconnectionEndsTheConnectionWithTheServersReason() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            in.read();
            DerWriter w = new DerWriter();
            int seq = w.begin(Tag.SEQUENCE);
            w.writeInteger(0);
            int o = w.begin(Protocol.EXTENDED_RESPONSE);
            w.writeEnumerated(52).writeOctetString(new byte[0]).writeUtf8String(Tag.OCTET_STRING, "going down");
            w.writeUtf8String(Tag.context(10), Protocol.NOTICE_OF_DISCONNECTION);
            w.end(o);
            c.sendAll(w.end(seq).toByteArray());
        }, ldap -> assertFailsWith("LDAP connection failed: the server ended the connection failed: "
                + "unavailable (52): going down", ldap));
    }

    @Test
    void lateAnswersToAbandonedOperationsAreDropped() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            int first = requestId(in);
            BerReader abandon = BerReader.ber(in.read()).readSequence();
            abandon.readInteger();
            assertEquals(first, abandon.readInteger(Protocol.ABANDON_REQUEST));
            int second = requestId(in);
            c.sendAll(response(first, Protocol.EXTENDED_RESPONSE));
            c.sendAll(response(second, Protocol.EXTENDED_RESPONSE));
        }, ldap -> {
            assertThrows(io.shrapnel.kernel.TimeoutError.class,
                    () -> Coro.withTimeout(java.time.Duration.ofMillis(20), () -> ldap.whoAmI()));
            assertEquals("", ldap.whoAmI());
        });
    }

    @Test
    void aStartTlsThatTimesOutEndsTheConnection() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> in.read(), ldap -> {
            io.shrapnel.net.TlsConfig tls = io.shrapnel.net.TlsConfig.client().build();
            assertThrows(io.shrapnel.kernel.TimeoutError.class,
                    () -> Coro.withTimeout(java.time.Duration.ofMillis(20), () -> {
                        ldap.startTls(tls, "127.0.0.1");
                        return null;
                    }));
            LdapException e = assertThrows(LdapException.class, ldap::whoAmI);
            assertTrue(e.getMessage().startsWith("LDAP connection is closed: StartTLS did not complete"), e.getMessage());
        });
    }

    @Test
    void aRefusedStartTlsLeavesThePlainConnectionWorking() throws Exception {
        against(BerLimits.DEFAULT, (in, c) -> {
            int id = requestId(in);
            DerWriter w = new DerWriter();
            int seq = w.begin(Tag.SEQUENCE);
            w.writeInteger(id);
            int o = w.begin(Protocol.EXTENDED_RESPONSE);
            w.writeEnumerated(53).writeOctetString(new byte[0]).writeUtf8String(Tag.OCTET_STRING, "no TLS here");
            w.end(o);
            c.sendAll(w.end(seq).toByteArray());
            c.sendAll(response(requestId(in), Protocol.EXTENDED_RESPONSE));
        }, ldap -> {
            LdapException e = assertThrows(LdapException.class,
                    () -> ldap.startTls(io.shrapnel.net.TlsConfig.client().build(), "127.0.0.1"));
            assertEquals(ResultCode.UNWILLING_TO_PERFORM, e.code());
            assertEquals("StartTLS failed: unwillingToPerform (53): no TLS here", e.getMessage());
            assertEquals("", ldap.whoAmI());
        });
    }

    /** A server that answers one search with {@code entries} entries cn=e0, cn=e1, ... and success. */
    private static Script searchAnswer(int entries) {
        return (in, c) -> {
            int id = requestId(in);
            for (int i = 0; i < entries; i++) {
                DerWriter w = new DerWriter();
                int seq = w.begin(Tag.SEQUENCE);
                w.writeInteger(id);
                int o = w.begin(Protocol.SEARCH_ENTRY);
                w.writeUtf8String(Tag.OCTET_STRING, "cn=e" + i);
                w.end(w.begin(Tag.SEQUENCE));
                w.end(o);
                c.sendAll(w.end(seq).toByteArray());
            }
            c.sendAll(response(id, Protocol.SEARCH_DONE));
        };
    }

    @Test
    void closingTheClientReleasesAReaderWaitingForRoomInAnUnreadSearch() throws Exception {
        int entries = LdapClient.SEARCH_QUEUE * 3;
        against(BerLimits.DEFAULT, searchAnswer(entries), ldap -> {
            SearchResults r = ldap.search(SearchRequest.of("", Scope.BASE, "(objectClass=*)"));
            assertEquals("cn=e0", r.next().dn());
            // the reader fills the search's queue and waits for room: nobody reads
            Coro.sleep(java.time.Duration.ofMillis(100));
            ldap.close(); // returns only once the reader has ended
            int[] read = {1};
            LdapException e = assertThrows(LdapException.class, () -> {
                while (r.next() != null) {
                    read[0]++;
                }
            });
            assertEquals("LDAP connection failed: closed by the client", e.getMessage());
            // the failure stays: asking again fails again instead of waiting for an answer
            assertEquals(e.getMessage(), assertThrows(LdapException.class, r::next).getMessage());
            // what was queued before the close, never more than the queue's room (after the one taken)
            assertTrue(read[0] <= LdapClient.SEARCH_QUEUE + 1, read[0] + " entries");
        });
    }

    @Test
    void searchEntriesReachASlowReaderInOrder() throws Exception {
        int entries = LdapClient.SEARCH_QUEUE * 3;
        against(BerLimits.DEFAULT, searchAnswer(entries), ldap -> {
            try (SearchResults r = ldap.search(SearchRequest.of("", Scope.BASE, "(objectClass=*)"))) {
                int n = 0;
                for (SearchEntry e; (e = r.next()) != null; n++) {
                    assertEquals("cn=e" + n, e.dn());
                    Coro.yieldSlice();
                }
                assertEquals(entries, n);
            }
        });
    }
}
