package io.shrapnel.net.dns;

import static io.shrapnel.net.dns.DnsMessageWireTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes an attacker or a broken server can send: each is a clear DnsFormatException, nothing else. */
class HostileMessageTest {
    private static final String HEADER_ONE_ANSWER = "0001 8180 0000 0001 0000 0000";

    private static DnsFormatException rejects(String hexBytes, String expectedInMessage) {
        DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsMessage.decode(hex(hexBytes)));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
        return e;
    }

    private static byte[] validResponse() throws Exception {
        DnsName www = DnsName.of("www.test");
        return new DnsMessage(Header.query(5).asResponse(0), List.of(new Question(www, RecordType.A)),
                List.of(new ResourceRecord(www, 300, new RData.Cname(DnsName.of("web.test"))),
                        new ResourceRecord(DnsName.of("web.test"), 300, DnsMessageWireTest.a("10.0.0.1"))),
                List.of(new ResourceRecord(DnsName.of("test"), 300, new RData.Ns(DnsName.of("ns.test")))),
                List.of(), Edns.DEFAULT).encode();
    }

    @Test
    void everyTruncationOfAValidMessageIsRejected() throws Exception {
        byte[] full = validResponse();
        DnsMessage.decode(full);
        for (int len = 0; len < full.length; len++) {
            int cut = len;
            assertThrows(DnsFormatException.class, () -> DnsMessage.decode(full, 0, cut), "cut at " + cut);
        }
    }

    @Test
    void shortHeaderIsRejected() {
        rejects("0001 8180 0000", "shorter than the 12-byte header");
    }

    @Test
    void pointerToItselfIsALoop() {
        DnsFormatException e = rejects("0001 0100 0001 0000 0000 0000 c00c 0001 0001", "does not point backwards");
        assertEquals(12, e.offset());
    }

    @Test
    void twoPointersToEachOtherAreALoop() {
        // question name at 12 points to 18; the name at 18 (an answer owner) points back to 12.
        rejects("0001 8180 0001 0001 0000 0000 c012 0001 0001 c00c 0001 0001 00000000 0004 7f000001",
                "does not point backwards");
    }

    @Test
    void pointerChainThatKeepsGoingBackIsStoppedByTheNameLimit() {
        // The RDATA of an unknown type (not parsed) holds 40 links "aaaaaa" + pointer to the previous
        // link; a second record's owner points at the last one. Every pointer goes backwards, so only
        // the name limit can stop it: 40 labels of 6 bytes are 281 bytes.
        StringBuilder chain = new StringBuilder("06616161616161 00"); // link 0 at 28
        int prev = 28;
        for (int i = 1; i < 40; i++) {
            chain.append(" 06616161616161 ").append(String.format("%04x", 0xc000 | prev));
            prev = 36 + (i - 1) * 9;
        }
        int rdlength = 8 + 39 * 9;
        rejects("0001 8180 0001 0002 0000 0000 00 0001 0001"
                + " 00 0063 0001 00000000 " + String.format("%04x", rdlength) + " " + chain
                + String.format(" %04x", 0xc000 | prev) + " 0001 0001 00000000 0004 7f000001", "longer than 255");
    }

    @Test
    void pointerPastTheEndIsRejected() {
        rejects("0001 0100 0001 0000 0000 0000 03616263 c0", "cut off");
    }

    @Test
    void labelLengthPastTheEndIsRejected() {
        rejects("0001 0100 0001 0000 0000 0000 3f616263 0001 0001", "runs past the end of the message");
    }

    @Test
    void labelOver63IsRejected() {
        rejects("0001 0100 0001 0000 0000 0000 40" + "61".repeat(64) + "00 0001 0001", "label type 0x40");
        rejects("0001 0100 0001 0000 0000 0000 80" + "61".repeat(64) + "00 0001 0001", "label type 0x80");
    }

    @Test
    void nameOver255BytesOnTheWireIsRejected() {
        String label = "3f" + "61".repeat(63);
        rejects("0001 0100 0001 0000 0000 0000" + label.repeat(5) + "00 0001 0001", "longer than 255");
    }

    @Test
    void rdlengthPastTheEndIsRejected() {
        rejects(HEADER_ONE_ANSWER + "00 0001 0001 0000003c ffff 7f000001", "says its RDATA is 65535 bytes");
    }

    @Test
    void nameInsideRdataMayNotRunPastItsRdlength() {
        // CNAME with RDLENGTH 3 but a name of 5 bytes: the trailing bytes exist in the message.
        rejects(HEADER_ONE_ANSWER + "00 0005 0001 0000003c 0003 0361626300", "past the end of its RDATA");
    }

    @Test
    void addressOfTheWrongLengthIsRejected() {
        rejects(HEADER_ONE_ANSWER + "00 0001 0001 0000003c 0005 7f00000101", "A RDATA must be 4 bytes");
        rejects(HEADER_ONE_ANSWER + "00 001c 0001 0000003c 0004 7f000001", "AAAA RDATA must be 16 bytes");
    }

    @Test
    void txtStringPastItsRdataIsRejected() {
        rejects(HEADER_ONE_ANSWER + "00 0010 0001 0000003c 0003 056162 636465", "TXT string needs 5 bytes");
    }

    @Test
    void leftoverRdataIsRejected() {
        rejects(HEADER_ONE_ANSWER + "00 000f 0001 0000003c 0005 000a 00 ffff", "2 bytes left over");
    }

    @Test
    void countsThatCannotFitAreRejectedBeforeAnythingIsAllocated() {
        rejects("0001 8180 ffff ffff ffff ffff 00", "counts say 65535 questions");
    }

    @Test
    void oversizedMessageIsRejected() {
        byte[] huge = new byte[65536];
        DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsMessage.decode(huge));
        assertTrue(e.getMessage().contains("over the 65535"), e.getMessage());
    }

    @Test
    void twoOptRecordsAreRejected() {
        rejects("0001 8180 0000 0000 0000 0002 00 0029 04d0 00000000 0000 00 0029 04d0 00000000 0000",
                "more than one OPT");
    }

    @Test
    void optOutsideTheAdditionalSectionIsRejected() {
        rejects(HEADER_ONE_ANSWER + "00 0029 04d0 00000000 0000", "OPT record in the answer section");
    }

    @Test
    void randomCorruptionGivesAMessageOrAFormatErrorNeverAnythingElse() throws Exception {
        byte[] valid = validResponse();
        Random random = new Random(42); // fixed: a failure must be reproducible
        for (int round = 0; round < 20_000; round++) {
            byte[] m = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(4) == 0 ? random.nextInt(m.length + 1) : m.length;
            try {
                DnsMessage decoded = DnsMessage.decode(m, 0, len);
                decoded.encode(); // what decodes must encode again
            } catch (DnsFormatException expected) {
                // fine: a clear error
            } catch (RuntimeException e) {
                fail("round " + round + ": " + java.util.HexFormat.of().formatHex(m, 0, len), e);
            }
        }
    }

    @Test
    void errorsSayWhichBoundWasCrossedAndByHowMuch() {
        rejects("0001 0100 0001 0000 0000 0000" + "016100 0001 00",
                "question class needs 2 bytes but the message has only 1 left");
        rejects(HEADER_ONE_ANSWER + "00 0010 0001 0000003c 0003 056162 636465",
                "TXT string needs 5 bytes but its RDATA has only 2 left");
        // A CNAME whose name fills its RDATA without the final zero byte; the message goes on.
        rejects(HEADER_ONE_ANSWER + "00 0005 0001 0000003c 0004 03616263 00", "name runs past the end of its RDATA");
        rejects("0001 0100 0001 0000 0000 0000" + "0161 0162 0163", "name runs past the end of the message");
        rejects("0001 8180 0000 0001 0001 0001", "counts say 0 questions and 3 records, at least 33 bytes");
    }

    @Test
    void rdataLongerThan255BytesKeepsBothBytesOfItsLength() throws Exception {
        RData.Txt long300 = RData.Txt.of("x".repeat(255), "y".repeat(45));
        DnsMessage m = new DnsMessage(Header.query(7).asResponse(0), List.of(), List.of(
                new ResourceRecord(DnsName.of("t.test"), 60, long300)), List.of(), List.of(), null);
        byte[] wire = m.encode();
        int rdlengthAt = 12 + DnsName.of("t.test").wireLength() + 8;
        assertEquals(0x01, wire[rdlengthAt]);
        assertEquals(0x2e, wire[rdlengthAt + 1]);
        assertEquals(m, DnsMessage.decode(wire));
    }
}
