package io.shrapnel.codecs.asn1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DerWriterTest {
    private static String hex(DerWriter w) {
        return Hex.of(w.toByteArray());
    }

    @Test
    void sequenceAsInTheJavadoc() {
        DerWriter w = new DerWriter();
        int seq = w.begin(Tag.SEQUENCE);
        w.writeInteger(1).writeOctetString("hi".getBytes(StandardCharsets.UTF_8));
        assertEquals("30 07 02 01 01 04 02 68 69", Hex.of(w.end(seq).toByteArray()));
        assertEquals(9, w.size());
    }

    @Test
    void integersInTheirShortestForm() {
        long[] values = {0, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, Long.MAX_VALUE, Long.MIN_VALUE};
        String[] expected = {"02 01 00", "02 01 7f", "02 02 00 80", "02 01 80", "02 02 ff 7f", "02 02 00 ff",
            "02 02 01 00", "02 02 7f ff", "02 03 00 80 00", "02 02 80 00", "02 03 ff 7f ff",
            "02 08 7f ff ff ff ff ff ff ff", "02 08 80 00 00 00 00 00 00 00"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], hex(new DerWriter().writeInteger(values[i])), "value " + values[i]);
        }
        assertEquals("02 09 00 ff ff ff ff ff ff ff ff",
                hex(new DerWriter().writeInteger(new BigInteger("18446744073709551615"))));
        assertEquals("0a 01 03", hex(new DerWriter().writeEnumerated(3)));
        assertEquals("80 01 05", hex(new DerWriter().writeInteger(Tag.context(0), 5)));
    }

    @Test
    void universalPrimitives() {
        assertEquals("01 01 ff 01 01 00 05 00 80 00", hex(new DerWriter().writeBoolean(true).writeBoolean(false)
                .writeNull().writeNull(Tag.context(0))));
        assertEquals("06 06 2a 86 48 86 f7 0d", hex(new DerWriter().writeOid(Oid.of("1.2.840.113549"))));
        assertEquals("0c 02 c3 a9", hex(new DerWriter().writeUtf8String("é")));
        assertEquals("04 00", hex(new DerWriter().writeOctetString(new byte[0])));
        assertEquals("87 01 61", hex(new DerWriter().writeOctetString(Tag.context(7), new byte[] {'a'})));
        assertEquals("81 01 ff", hex(new DerWriter().writeBoolean(Tag.context(1), true)));
    }

    @Test
    void longLengthsAreShiftedIntoPlace() {
        for (int n : new int[] {127, 128, 255, 256, 65535, 65536}) {
            DerWriter w = new DerWriter(4);
            int mark = w.begin(Tag.SEQUENCE);
            w.writeRaw(new byte[n]);
            byte[] out = w.end(mark).toByteArray();
            String head = Hex.of(java.util.Arrays.copyOf(out, Math.min(out.length, 5)));
            String want = switch (n) {
                case 127 -> "30 7f 00 00 00";
                case 128 -> "30 81 80 00 00";
                case 255 -> "30 81 ff 00 00";
                case 256 -> "30 82 01 00 00";
                case 65535 -> "30 82 ff ff 00";
                default -> "30 83 01 00 00";
            };
            assertEquals(want, head, "content of " + n);
            assertEquals(n + (n < 128 ? 2 : n < 256 ? 3 : n < 65536 ? 4 : 5), out.length);
        }
        DerWriter w = new DerWriter();
        w.writePrimitive(Tag.OCTET_STRING, new byte[300]);
        assertEquals("04 82 01 2c 00", Hex.of(java.util.Arrays.copyOf(w.toByteArray(), 5)));
    }

    @Test
    void nestedElementsWithLongContent() throws Exception {
        DerWriter w = new DerWriter();
        int outer = w.begin(Tag.SEQUENCE);
        int inner = w.begin(Tag.contextConstructed(3));
        w.writeOctetString(new byte[200]);
        w.end(inner);
        w.writeInteger(7);
        w.end(outer);
        BerReader seq = BerReader.der(w.toByteArray()).readSequence();
        assertEquals(200, seq.readConstructed(Tag.context(3)).readOctetString().length);
        assertEquals(7, seq.readInteger());
        seq.expectEnd();
    }

    @Test
    void setElementsAreSorted() {
        DerWriter w = new DerWriter();
        int set = w.begin(Tag.SET);
        w.writeInteger(3).writeOctetString(new byte[] {1}).writeInteger(1).writeBoolean(true);
        assertEquals("31 0c 01 01 ff 02 01 01 02 01 03 04 01 01", Hex.of(w.endSet(set).toByteArray()));
        DerWriter bad = new DerWriter();
        int s = bad.begin(Tag.SET);
        bad.writeRaw(new byte[] {4, 5});
        assertEquals("the SET holds something that is not DER: length 5 runs past the end of the data (0 bytes left) at offset 3",
                assertThrows(IllegalStateException.class, () -> bad.endSet(s)).getMessage());
    }

    @Test
    void highTagNumbersAndReset() {
        assertEquals("5f 81 00 00", hex(new DerWriter().writePrimitive(new Tag(TagClass.APPLICATION, false, 128), new byte[0])));
        DerWriter w = new DerWriter();
        w.end(w.begin(Tag.contextConstructed(31)));
        assertEquals("bf 1f 00", hex(w));
        w.reset();
        assertEquals(0, w.size());
        w.writeNull();
        assertArrayEquals(new byte[] {5, 0}, java.util.Arrays.copyOf(w.buffer(), w.size()));
    }

    @Test
    void tagsAndOids() {
        assertEquals("9f 81 00", Hex.of(Tag.context(128).encode()));
        assertEquals("ff ff ff ff 7f", Hex.of(new Tag(TagClass.PRIVATE, true, Tag.MAX_NUMBER).encode()));
        assertEquals("1e", Hex.of(Tag.universal(30).encode()));
        assertEquals("1f 1f", Hex.of(Tag.universal(31).encode()));
        assertEquals("[APPLICATION 3] constructed", Tag.application(3, true).toString());
        assertEquals("[5]", Tag.context(5).toString());
        assertEquals("[UNIVERSAL 2]", Tag.INTEGER.toString());
        assertEquals("[PRIVATE 1]", new Tag(TagClass.PRIVATE, false, 1).toString());
        assertEquals(Tag.SEQUENCE, Tag.SEQUENCE.asConstructed());
        assertEquals(Tag.INTEGER, Tag.INTEGER.asPrimitive());
        assertEquals(Tag.universal(16), Tag.SEQUENCE.asPrimitive());
        assertThrows(IllegalArgumentException.class, () -> Tag.context(-1));
        assertThrows(IllegalArgumentException.class, () -> Tag.context(Tag.MAX_NUMBER + 1));
        assertThrows(IllegalArgumentException.class, () -> new Tag(null, false, 1));
        for (String bad : new String[] {"1", "3.1", "1.40", "1..2", "1.2.", "a.b", "1.-2", "1.+2", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Oid.of(bad), bad);
        }
        assertEquals("2.100.3", Oid.of("2.100.3").toString());
        assertEquals("06 03 81 34 03", hex(new DerWriter().writeOid(Oid.of("2.100.3"))));
        assertArrayEquals(new long[] {1, 3, 6}, Oid.of("1.3.6").arcs());
        assertEquals(Oid.of("1.3.6").hashCode(), Oid.of("1.3.6").hashCode());
        assertEquals(false, Oid.of("1.3.6").equals(Oid.of("1.3.7")));
        assertEquals(false, Oid.of("1.3.6").equals("1.3.6"));
        assertEquals("06 01 27", hex(new DerWriter().writeOid(Oid.of("0.39"))));
    }
}
