package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.BinaryValues;
import io.shrapnel.codecs.postgres.internal.MessageReader;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Oid;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.codecs.postgres.internal.Scram;
import io.shrapnel.codecs.postgres.internal.TextValues;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exact values at the edges of each codec (buffer growth, boundaries of every check). */
class CodecEdgesTest {
    private static Object binary(int oid, MessageWriter w) {
        byte[] b = w.toByteArray();
        // an offset inside a larger array, as in a DataRow
        byte[] padded = new byte[b.length + 6];
        System.arraycopy(b, 0, padded, 3, b.length);
        return BinaryValues.decode(oid, padded, 3, b.length);
    }

    private static Object text(int oid, String s) {
        byte[] b = ("xx" + s).getBytes(StandardCharsets.UTF_8);
        return TextValues.decode(oid, b, 2, b.length - 2);
    }

    @Test
    void binaryScalarsDecodeExactly() {
        assertEquals(true, binary(Oid.BOOL, new MessageWriter().int8(1)));
        assertEquals(false, binary(Oid.BOOL, new MessageWriter().int8(0)));
        assertThrows(IllegalArgumentException.class, () -> binary(Oid.BOOL, new MessageWriter().int16(1)));
        assertEquals((short) -2, binary(Oid.INT2, new MessageWriter().int16(-2)));
        assertEquals(-5, binary(Oid.INT4, new MessageWriter().int32(-5)));
        assertEquals(0x0000000100000002L, binary(Oid.INT8, new MessageWriter().int32(1).int32(2)));
        assertEquals(1.5f, binary(Oid.FLOAT4, new MessageWriter().int32(Float.floatToIntBits(1.5f))));
        long bits = Double.doubleToLongBits(-2.25);
        assertEquals(-2.25, binary(Oid.FLOAT8, new MessageWriter().int32((int) (bits >>> 32)).int32((int) bits)));
        assertEquals(LocalTime.of(0, 0, 1, 2000), binary(Oid.TIME, new MessageWriter().int32(0).int32(1_000_002)));
        assertEquals(new PgInterval(3, 2, 1), binary(Oid.INTERVAL, new MessageWriter().int32(0).int32(1).int32(2).int32(3)));
        assertEquals(new UUID(1, 2), binary(Oid.UUID, new MessageWriter().int32(0).int32(1).int32(0).int32(2)));
        assertArrayEquals(new byte[] {9, 8}, (byte[]) binary(Oid.BYTEA, new MessageWriter().int8(9).int8(8)));
        assertEquals("é", binary(Oid.TEXT, new MessageWriter().bytes("é".getBytes(StandardCharsets.UTF_8))));
        assertEquals(OffsetDateTime.MIN, binary(Oid.TIMESTAMPTZ, new MessageWriter().int32(Integer.MIN_VALUE).int32(0)));
        assertEquals(OffsetDateTime.parse("2000-01-01T00:00:00.000001Z"),
                binary(Oid.TIMESTAMPTZ, new MessageWriter().int32(0).int32(1)));
        assertEquals(new BigDecimal("10000.0001"), binary(Oid.NUMERIC, new MessageWriter().int16(3).int16(1).int16(0)
                .int16(4).int16(1).int16(0).int16(1)));
    }

    @Test
    void binaryArraysOfSeveralDimensionsAndTheirChecks() {
        MessageWriter two = new MessageWriter().int32(2).int32(0).int32(Oid.INT2).int32(2).int32(1).int32(1).int32(1)
                .int32(2).int16(5).int32(2).int16(6);
        assertEquals(List.of(List.of((short) 5), List.of((short) 6)), binary(1005, two));
        MessageWriter six = new MessageWriter().int32(6).int32(0).int32(Oid.INT4);
        for (int d = 0; d < 6; d++) {
            six.int32(1).int32(1);
        }
        six.int32(4).int32(7);
        assertEquals(List.of(List.of(List.of(List.of(List.of(List.of(7)))))), binary(1007, six));
        MessageWriter seven = new MessageWriter().int32(7).int32(0).int32(Oid.INT4);
        for (int d = 0; d < 7; d++) {
            seven.int32(1).int32(1);
        }
        assertThrows(IllegalArgumentException.class, () -> binary(1007, seven.int32(4).int32(7)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(-1).int32(0).int32(23)
                .int32(0).int32(0)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(2).int32(0).int32(23)
                .int32(1).int32(1)));
        assertEquals(List.of(), binary(1007, new MessageWriter().int32(1).int32(0).int32(23).int32(0).int32(1)));
        assertEquals(Arrays.asList((Object) null), binary(1007, new MessageWriter().int32(1).int32(1).int32(23)
                .int32(1).int32(1).int32(-1)));
        assertEquals(List.of(""), binary(1009, new MessageWriter().int32(1).int32(0).int32(25).int32(1).int32(1)
                .int32(0)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1).int32(0).int32(23)
                .int32(1).int32(1).int8(0).int8(0).int8(0)));
        assertEquals("malformed binary array: 11 bytes", assertThrows(IllegalArgumentException.class,
                () -> binary(1007, new MessageWriter().int32(1).int32(0).int16(0).int8(0))).getMessage());
    }

    @Test
    void textArraysQuoteEscapeNestAndSkipBounds() {
        assertEquals(Arrays.asList("a", "b c", "\"q\"", "back\\slash", null, "NULL"),
                text(1009, "{a,\"b c\",\"\\\"q\\\"\",\"back\\\\slash\",NULL,\"NULL\"}"));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), text(1007, "{{1,2},{3,4}}"));
        assertEquals(List.of(List.of(), List.of()), text(1007, "{{},{}}"));
        assertEquals(List.of(5, 6), text(1007, "[3:4]={5,6}"));
        assertEquals(List.of(), text(1007, "{}"));
        assertEquals("x{1}", text(1007, "x{1}"));
        assertEquals("{1,2", text(1007, "{1,2"));
        assertEquals("{\"a", text(1009, "{\"a"));
        assertEquals(List.of(new BigDecimal("1.5")), text(1231, "{1.5}"));
    }

    @Test
    void textIntervalsSumTheirParts() {
        assertEquals(new PgInterval(25, 10, 3_723_000_000L), text(Oid.INTERVAL, "P2Y1M1W3DT1H2M3S"));
        assertEquals(new PgInterval(-1, 0, 0), text(Oid.INTERVAL, "P-1M"));
        assertEquals(new PgInterval(0, 0, 60_000_000L), text(Oid.INTERVAL, "PT1M"));
        assertEquals(new PgInterval(1, 0, 0), text(Oid.INTERVAL, "P1M"));
        assertEquals("PT1.5X", text(Oid.INTERVAL, "PT1.5X"));
        assertEquals("PTS", text(Oid.INTERVAL, "PTS"));
    }

    @Test
    void textScalarsParse() {
        assertEquals(LocalTime.of(1, 2, 3), text(Oid.TIME, "01:02:03"));
        assertEquals((short) 3, text(Oid.INT2, "3"));
        assertEquals(4L, text(Oid.INT8, "4"));
        assertEquals(0.5f, text(Oid.FLOAT4, "0.5"));
        assertEquals(UUID.fromString("00000000-0000-0001-0000-000000000002"),
                text(Oid.UUID, "00000000-0000-0001-0000-000000000002"));
        assertArrayEquals(new byte[] {(byte) 0xab}, (byte[]) text(Oid.BYTEA, "\\xab"));
        assertEquals("anything", text(Oid.JSON, "anything"));
    }

    @Test
    void theReaderCompactsAndGrowsItsBuffer() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        MessageWriter w = new MessageWriter();
        for (int i = 0; i < 500; i++) {
            w.begin('d').bytes(new byte[i % 97]).int32(i).end();
        }
        w.begin('d').bytes(new byte[40_000]).int32(-7).end(); // larger than the initial 16 KiB
        w.begin('Z').int8('I').end();
        all.writeBytes(w.toByteArray());
        byte[] data = all.toByteArray();
        for (int step : new int[] {1, 7, 4096, 1 << 20}) {
            ByteBuffer src = ByteBuffer.wrap(data);
            MessageReader r = new MessageReader(dst -> {
                if (!src.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(Math.min(step, dst.remaining()), src.remaining());
                dst.put(src.array(), src.position(), n);
                src.position(src.position() + n);
                return n;
            }, 64 * 1024);
            for (int i = 0; i < 500; i++) {
                Payload p = r.next();
                assertEquals(i % 97 + 4, p.remaining(), "message " + i + " step " + step);
                p.skip(i % 97);
                assertEquals(i, p.int32());
            }
            Payload big = r.next();
            assertEquals(40_004, big.remaining());
            big.skip(40_000);
            assertEquals(-7, big.int32());
            assertEquals('Z', r.next().type());
            assertFalse(r.hasBuffered());
        }
    }

    @Test
    void theReaderReadsTheSslAnswerAndCountsWhatItHolds() throws Exception {
        byte[] data = {'S', 'x', 'y'};
        ByteBuffer src = ByteBuffer.wrap(data);
        MessageReader r = new MessageReader(dst -> {
            if (!src.hasRemaining()) {
                return -1;
            }
            dst.put(src.get());
            return 1;
        }, 1024);
        assertEquals('S', r.readByte());
        assertEquals(0, r.buffered());
        assertFalse(r.hasBuffered());
    }

    @Test
    void theWriterGrowsWhateverItWrites() {
        MessageWriter w = new MessageWriter();
        for (int i = 0; i < 3000; i++) {
            w.int8(1).int16(2).int32(3);
        }
        byte[] b = w.toByteArray();
        assertEquals(21_000, b.length);
        for (int i = 0; i < 3000; i++) {
            assertEquals(1, b[i * 7]);
            assertEquals(2, b[i * 7 + 2]);
            assertEquals(3, b[i * 7 + 6]);
        }
        MessageWriter m = new MessageWriter();
        for (int i = 0; i < 1000; i++) {
            m.begin('H').end();
        }
        assertEquals(5000, m.size());
        assertEquals("4800000004", java.util.HexFormat.of().formatHex(m.toByteArray(), 4995, 5000));
        MessageWriter s = new MessageWriter();
        s.cstring("x".repeat(5000));
        assertEquals(5001, s.size());
        MessageWriter exact = new MessageWriter();
        exact.bytes(new byte[4096]);
        exact.int8(7);
        assertEquals(7, exact.toByteArray()[4096]);
        assertFalse(exact.isEmpty());
        exact.clear();
        assertTrue(exact.isEmpty());
        MessageWriter big = new MessageWriter();
        big.bytes(new byte[1 << 20]);
        big.clear();
        big.bytes(new byte[] {5});
        assertEquals(1, big.size());
    }

    @Test
    void payloadBoundsAreExact() throws Exception {
        byte[] b = {0, 1, 0, 0, 0, 2};
        Payload p = new Payload('X', b, 0, 6);
        assertEquals(1, p.int16());
        assertEquals(2, p.int32());
        Payload oneShort = new Payload('X', b, 0, 1);
        assertThrows(PgProtocolException.class, oneShort::int16);
        Payload threeShort = new Payload('X', b, 0, 3);
        assertThrows(PgProtocolException.class, threeShort::int32);
        Payload exact = new Payload('X', b, 2, 4);
        assertArrayEquals(new byte[] {0, 0, 0, 2}, exact.bytes(4));
        assertEquals(0, exact.remaining());
        assertEquals(6, exact.position());
    }

    @Test
    void notificationsDecode() throws Exception {
        byte[] b = new MessageWriter().int32(77).cstring("ch").cstring("payload").toByteArray();
        assertEquals(new PgNotification(77, "ch", "payload"), Messages.notification(new Payload('A', b, 0, b.length)));
        byte[] e = new MessageWriter().int8('S').cstring("ERROR").int8(0).toByteArray();
        assertEquals("ERROR", Messages.notice(new Payload('E', e, 0, e.length)).severity());
        byte[] t = new MessageWriter().int16(0).toByteArray();
        assertEquals(List.of(), Messages.rowDescription(new Payload('T', t, 0, t.length)));
    }

    @Test
    void scramAcceptsTheIterationBoundsAndEmptyAttributes() throws Exception {
        Scram one = new Scram("", "pw", null, "n");
        one.clientFirst();
        assertTrue(one.clientFinal("r=nX,s=QUJD,i=1").startsWith("c=biws,r=nX,p="));
        Scram many = new Scram("", "pw", null, "n");
        many.clientFirst();
        assertThrows(PgProtocolException.class, () -> many.clientFinal("r=nX,s=QUJD,i=x"));
        assertThrows(PgProtocolException.class, () -> many.clientFinal("r,s=QUJD,i=1"));
        Scram s = new Scram("", "pw", null, "n");
        s.clientFirst();
        assertTrue(s.clientFinal("r=nX,s=,i=1,x").startsWith("c=biws,r=nX,p="), "an empty salt is a salt");
        assertEquals(24, Scram.newNonce().length());
    }

    @Test
    void configBoundariesAreInclusive() {
        assertEquals(1, PgConfig.builder().user("u").port(1).build().port());
        assertFalse(PgConfig.builder().user("u").channelBinding(false).build().channelBinding());
        assertEquals(0, PgConfig.builder().user("u").statementCacheSize(0).build().statementCacheSize());
        assertEquals(5, RowSet.affected(" 5"));
        assertEquals(0, RowSet.affected("INSERT 0 x"));
        assertEquals(0, RowSet.affected("SELECT "), "a tag ending in a space has no count");
        assertEquals(0, RowSet.affected("UPDATE 1x"));
        assertEquals(0, RowSet.affected("UPDATE /"), "a character just below '0'");
        assertEquals(0, RowSet.affected("UPDATE :"), "a character just above '9'");
        assertEquals(123456789012345678L, RowSet.affected("COPY 123456789012345678"), "18 digits");
        assertEquals(0, RowSet.affected("COPY 1234567890123456789"), "19 digits could overflow: no count");
        assertEquals(907, RowSet.affected("DELETE 907"));
    }

    @Test
    void aClearedCacheForgetsStatementsToClose() {
        StatementCache c = new StatementCache(1);
        c.closeLater("a");
        c.clear();
        assertEquals(List.of(), c.drainToClose());
    }

    @Test
    void rowsSayWhichColumnsAreNull() {
        List<Column> cols = List.of(new Column("a", Oid.INT4, 0), new Column("b", Oid.INT4, 0));
        byte[] data = {0, 0, 0, 2, '1', '2', -1, -1, -1, -1}; // as a DataRow carries them: length, then bytes
        Row r = new Row(cols, data, new int[] {4, -1});
        assertFalse(r.isNull(0));
        assertTrue(r.isNull(1));
        assertEquals(12, r.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.isNull(2));
        assertEquals("Row[a=12, b=null]", r.toString());
        List<Column> flags = List.of(new Column("t", Oid.BOOL, 0), new Column("f", Oid.BOOL, 0));
        Row bools = new Row(flags, new byte[] {0, 0, 0, 1, 't', 0, 0, 0, 1, 'f'}, new int[] {4, 9});
        assertTrue(bools.getBoolean(0));
        assertFalse(bools.getBoolean(1));
    }
}
