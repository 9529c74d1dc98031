package io.shrapnel.codecs.asn1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class BerReaderTest {
    private static BerReader ber(String hex) {
        return BerReader.ber(Hex.bytes(hex));
    }

    private static Asn1Exception fails(String hex, ThrowingRead read) {
        return assertThrows(Asn1Exception.class, () -> read.run(ber(hex)));
    }

    private static Asn1Exception failsDer(String hex, ThrowingRead read) {
        return assertThrows(Asn1Exception.class, () -> read.run(BerReader.der(Hex.bytes(hex))));
    }

    interface ThrowingRead {
        void run(BerReader r) throws Exception;
    }

    @Test
    void sequenceOfIntegerAndOctetString() throws Exception {
        BerReader seq = ber("30 07 02 01 05 04 02 68 69").readSequence();
        assertEquals(5, seq.readInteger());
        assertArrayEquals("hi".getBytes(), seq.readOctetString());
        assertFalse(seq.hasNext());
        seq.expectEnd();
    }

    @Test
    void errorsCarryTheirOffset() {
        Asn1Exception e = fails("05 00 04 05 61", r -> {
            r.next();
            r.next();
        });
        assertEquals(3, e.offset());
        assertTrue(e.truncated());
        Tlv definite = assertDoesNotThrow(() -> ber("04 01 61").next());
        assertFalse(definite.indefinite());
        assertEquals(1, definite.length());
    }

    @Test
    void integersOfEverySize() throws Exception {
        assertEquals(0, ber("02 01 00").readInteger());
        assertEquals(127, ber("02 01 7f").readInteger());
        assertEquals(128, ber("02 02 00 80").readInteger());
        assertEquals(-1, ber("02 01 ff").readInteger());
        assertEquals(-128, ber("02 01 80").readInteger());
        assertEquals(-129, ber("02 02 ff 7f").readInteger());
        assertEquals(256, ber("02 02 01 00").readInteger());
        assertEquals(Long.MAX_VALUE, ber("02 08 7f ff ff ff ff ff ff ff").readInteger());
        assertEquals(Long.MIN_VALUE, ber("02 08 80 00 00 00 00 00 00 00").readInteger());
        assertEquals(new BigInteger("18446744073709551615"), ber("02 09 00 ff ff ff ff ff ff ff ff").readBigInteger());
        assertEquals(BigInteger.valueOf(-2), ber("02 01 fe").readBigInteger());
    }

    @Test
    void integerErrors() {
        assertEquals("INTEGER with no content at offset 0", fails("02 00", BerReader::readInteger).getMessage());
        assertEquals("INTEGER not in its shortest form at offset 0", fails("02 02 00 7f", BerReader::readInteger).getMessage());
        assertEquals("INTEGER not in its shortest form at offset 0", fails("02 02 ff 80", BerReader::readInteger).getMessage());
        assertEquals("INTEGER not in its shortest form at offset 0",
                fails("02 02 00 01", BerReader::readBigInteger).getMessage());
        assertEquals("INTEGER of 9 bytes does not fit a long at offset 0",
                fails("02 09 00 ff ff ff ff ff ff ff ff", BerReader::readInteger).getMessage());
        assertEquals("expected [UNIVERSAL 2], found [UNIVERSAL 4] at offset 0",
                fails("04 01 00", BerReader::readInteger).getMessage());
    }

    @Test
    void booleansNullEnumerated() throws Exception {
        assertTrue(ber("01 01 ff").readBoolean());
        assertTrue(ber("01 01 01").readBoolean());
        assertFalse(ber("01 01 00").readBoolean());
        assertEquals("BOOLEAN 0x1 (DER wants 00 or FF) at offset 0", failsDer("01 01 01", BerReader::readBoolean).getMessage());
        assertTrue(BerReader.der(Hex.bytes("01 01 ff")).readBoolean());
        assertEquals("BOOLEAN of 2 bytes (must be 1) at offset 0", fails("01 02 00 00", BerReader::readBoolean).getMessage());
        ber("05 00").readNull();
        assertEquals("NULL with 1 content bytes at offset 0", fails("05 01 00", BerReader::readNull).getMessage());
        assertEquals(2, ber("0a 01 02").readEnumerated());
        assertEquals("ENUMERATED 4294967296 out of range at offset 0",
                fails("0a 05 01 00 00 00 00", BerReader::readEnumerated).getMessage());
        assertEquals(-2147483648, ber("0a 04 80 00 00 00").readEnumerated());
    }

    @Test
    void oids() throws Exception {
        assertEquals(Oid.of("1.2.840.113549"), ber("06 06 2a 86 48 86 f7 0d").readOid());
        assertEquals("2.999.3", ber("06 03 88 37 03").readOid().toString());
        assertEquals("0.39", ber("06 01 27").readOid().toString());
        assertEquals("OBJECT IDENTIFIER arc with a leading zero at offset 3",
                fails("06 03 2a 80 01", BerReader::readOid).getMessage());
        assertEquals("OBJECT IDENTIFIER cut short in an arc at offset 4",
                fails("06 02 2a 86", BerReader::readOid).getMessage());
        assertEquals("OBJECT IDENTIFIER with no content at offset 2", fails("06 00", BerReader::readOid).getMessage());
        assertEquals("OBJECT IDENTIFIER arc over 63 bits at offset 12",
                fails("06 0b 2a ff ff ff ff ff ff ff ff ff 7f", BerReader::readOid).getMessage());
    }

    @Test
    void utf8Strings() throws Exception {
        assertEquals("héllo", ber("0c 06 68 c3 a9 6c 6c 6f").readUtf8String());
        assertEquals("abc", ber("0c 03 61 62 63").readUtf8String());
        assertEquals("invalid UTF-8 at offset 2", fails("0c 02 c3 28", BerReader::readUtf8String).getMessage());
        assertEquals("ab", ber("2c 80 04 01 61 04 01 62 00 00").readUtf8String());
        assertEquals("invalid UTF-8 at offset 2", fails("2c 06 04 01 c3 04 01 28", BerReader::readUtf8String).getMessage());
        assertEquals("expected [UNIVERSAL 12], found [UNIVERSAL 4] at offset 0",
                fails("04 01 61", BerReader::readUtf8String).getMessage());
    }

    @Test
    void indefiniteLengthSequence() throws Exception {
        BerReader outer = ber("30 80 02 01 01 30 80 05 00 00 00 00 00 02 01 09");
        Tlv t = outer.next();
        assertTrue(t.indefinite());
        assertEquals(new Tlv(Tag.SEQUENCE, 0, 2, 11, 13), t);
        BerReader seq = outer.enter(t);
        assertEquals(1, seq.readInteger());
        BerReader inner = seq.readSequence();
        inner.readNull();
        inner.expectEnd();
        seq.expectEnd();
        assertEquals(9, outer.readInteger());
    }

    @Test
    void constructedOctetStringsAreJoined() throws Exception {
        assertArrayEquals("abcd".getBytes(), ber("24 80 04 02 61 62 24 04 04 02 63 64 00 00").readOctetString());
        assertArrayEquals("ab".getBytes(), ber("24 06 04 01 61 04 01 62").readOctetString());
        assertArrayEquals("x".getBytes(), ber("a4 03 04 01 78").readOctetString(Tag.context(4)));
        assertEquals("segment [UNIVERSAL 2] inside constructed string [UNIVERSAL 4] constructed at offset 2",
                fails("24 03 02 01 01", BerReader::readOctetString).getMessage());
        assertEquals("constructed string in DER at offset 0",
                failsDer("24 03 04 01 61", BerReader::readOctetString).getMessage());
        assertEquals("expected [UNIVERSAL 4], found [UNIVERSAL 12] at offset 0",
                fails("0c 01 61", BerReader::readOctetString).getMessage());
    }

    @Test
    void highTagNumbers() throws Exception {
        Tlv t = ber("5f 81 00 01 07").next();
        assertEquals(new Tag(TagClass.APPLICATION, false, 128), t.tag());
        assertEquals(4, t.contentStart());
        assertEquals(Tag.context(31), ber("9f 1f 00").next().tag());
        assertEquals(new Tag(TagClass.PRIVATE, true, Tag.MAX_NUMBER), ber("ff ff ff ff 7f 00").next().tag());
        assertEquals("tag number longer than 4 bytes at offset 0",
                fails("9f 81 81 81 81 81 81 81 81 01 00", BerReader::next).getMessage());
        assertEquals("tag number with a leading zero at offset 1", fails("9f 80 01 00", BerReader::next).getMessage());
        assertEquals("tag number 5 in the long form (DER wants one byte) at offset 0",
                failsDer("9f 05 00", BerReader::next).getMessage());
        assertEquals(Tag.context(5), ber("9f 05 00").next().tag());
        assertEquals(Tag.context(31), BerReader.der(Hex.bytes("9f 1f 00")).next().tag());
    }

    @Test
    void lengths() throws Exception {
        byte[] big = new byte[3 + 200];
        big[0] = 4;
        big[1] = (byte) 0x81;
        big[2] = (byte) 200;
        assertEquals(200, BerReader.der(big).readOctetString().length);
        assertEquals(1, ber("04 84 00 00 00 01 61").readOctetString().length);
        assertEquals("length 1 not in its shortest form (DER) at offset 1",
                failsDer("04 84 00 00 00 01 61", BerReader::next).getMessage());
        assertEquals("length 127 not in its shortest form (DER) at offset 1",
                failsDer("04 81 7f", BerReader::next).getMessage());
        assertEquals("length of 5 bytes (at most 4) at offset 1",
                fails("04 85 00 00 00 00 01 61", BerReader::next).getMessage());
        assertEquals("length 4294967295 over 2 GiB at offset 1", fails("04 84 ff ff ff ff", BerReader::next).getMessage());
        assertEquals("length 5 runs past the end of the data (2 bytes left) at offset 1",
                fails("04 05 61 62", BerReader::next).getMessage());
        assertEquals("length octets cut short at offset 3", fails("04 82 01", BerReader::next).getMessage());
        assertEquals("no length octet at offset 1", fails("04", BerReader::next).getMessage());
        assertEquals("no identifier octet at offset 0", fails("", BerReader::next).getMessage());
        assertEquals("tag number cut short at offset 2", fails("1f 81", BerReader::next).getMessage());
    }

    @Test
    void indefiniteLengthErrors() {
        assertEquals("indefinite length in DER at offset 1", failsDer("30 80 00 00", BerReader::next).getMessage());
        assertEquals("indefinite length on a primitive element at offset 1", fails("04 80 00 00", BerReader::next).getMessage());
        assertEquals("end-of-contents with a non-zero length at offset 2", fails("30 80 00 01 00", BerReader::next).getMessage());
        Asn1Exception cut = fails("30 80 02 01 01", BerReader::next);
        assertTrue(cut.truncated());
        assertEquals("no identifier octet at offset 5", cut.getMessage());
        assertTrue(fails("30 80 00", BerReader::next).truncated());
        assertFalse(fails("30 80 00 01 00", BerReader::next).truncated());
    }

    @Test
    void limitsOnDepthAndLength() throws Exception {
        BerLimits two = new BerLimits(2, 4);
        BerReader r = BerReader.ber(Hex.bytes("30 02 30 00"), 0, 4, two);
        r.readSequence().readSequence().expectEnd();
        BerReader deep = BerReader.ber(Hex.bytes("30 04 30 02 30 00"), 0, 6, two);
        BerReader level2 = deep.readSequence().readSequence();
        assertEquals("nesting deeper than 2 levels at offset 4",
                assertThrows(Asn1Exception.class, level2::next).getMessage());
        assertEquals("length 5 over the limit of 4 at offset 1", assertThrows(Asn1Exception.class,
                () -> BerReader.ber(Hex.bytes("04 05 00 00 00 00 00"), 0, 7, two).next()).getMessage());
        assertEquals("nesting deeper than 2 levels at offset 4", assertThrows(Asn1Exception.class,
                () -> BerReader.ber(Hex.bytes("30 80 30 80 30 80 00 00 00 00 00 00"), 0, 12, two).next()).getMessage());
        assertEquals("indefinite length content over the limit of 4 at offset 0", assertThrows(Asn1Exception.class,
                () -> BerReader.ber(Hex.bytes("30 80 05 00 05 00 05 00 00 00"), 0, 10, new BerLimits(5, 4)).next())
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BerLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BerLimits(1, 0));
        new BerLimits(1, 1);
    }

    @Test
    void cursorOperations() throws Exception {
        BerReader r = BerReader.ber(Hex.bytes("ff 02 01 05 04 00"), 1, 5, BerLimits.DEFAULT);
        assertEquals(1, r.position());
        assertEquals(Tag.INTEGER, r.peekTag());
        assertEquals(1, r.position());
        r.skip();
        assertEquals(4, r.position());
        assertEquals("1 unexpected bytes after the last element at offset 4",
                assertThrows(Asn1Exception.class, () -> {
                    BerReader x = BerReader.ber(Hex.bytes("ff 02 01 05 04 00"), 1, 4, BerLimits.DEFAULT);
                    x.skip();
                    x.expectEnd();
                }).getMessage());
        assertArrayEquals(new byte[0], r.readOctetString());
        assertNull(r.peekTag());
        assertEquals("[UNIVERSAL 2] is primitive, it has no elements inside at offset 0",
                fails("02 01 00", x -> x.enter(x.next())).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> BerReader.ber(new byte[2], 1, 2, BerLimits.DEFAULT));
        assertThrows(IndexOutOfBoundsException.class, () -> BerReader.der(new byte[2], -1, 1, BerLimits.DEFAULT));
        assertThrows(IndexOutOfBoundsException.class, () -> BerReader.der(new byte[2], 0, -1, BerLimits.DEFAULT));
        byte[] b = Hex.bytes("02 01 07");
        assertEquals(b, BerReader.ber(b).buffer());
        assertEquals(7, BerReader.ber(b).readInteger(Tag.INTEGER));
        assertEquals(7, ber("80 01 07").readInteger(Tag.context(0)));
        assertTrue(ber("81 01 ff").readBoolean(Tag.context(1)));
        assertEquals(3, ber("82 01 03").readEnumerated(Tag.context(2)));
        assertEquals("x", ber("83 01 78").readUtf8String(Tag.context(3)));
        BerReader set = ber("31 03 02 01 01").readSet();
        assertEquals(1, set.readInteger());
        assertEquals(2, ber("a1 03 02 01 02").readConstructed(Tag.context(1)).readInteger());
    }
}
