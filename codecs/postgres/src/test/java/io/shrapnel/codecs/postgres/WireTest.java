package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.Md5Password;
import io.shrapnel.codecs.postgres.internal.MessageReader;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.codecs.postgres.internal.Scram;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire pieces alone: exact bytes out, exact values in, the RFC's SCRAM vector. */
class WireTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void messagesAreFramedWithTheirLength() {
        MessageWriter w = new MessageWriter();
        w.begin('Q').cstring("select 1").end();
        assertEquals("51" + "0000000d" + hex("select 1".getBytes()) + "00", hex(w.toByteArray()));
        w.clear();
        assertTrue(w.isEmpty());
        w.beginUntyped().int32(80877103).end();
        assertEquals("0000000804d2162f", hex(w.toByteArray()));
        w.clear();
        w.begin('B').int16(-1).int8(0x7f).value(null).value(new byte[] {1, 2}).end();
        assertEquals("42" + "00000011" + "ffff" + "7f" + "ffffffff" + "00000002" + "0102", hex(w.toByteArray()));
        assertEquals(18, w.size());
        assertEquals(18, w.buffer().remaining());
    }

    @Test
    void theWriterGrowsAndShrinksAgain() {
        MessageWriter w = new MessageWriter();
        byte[] big = new byte[3 << 20];
        w.begin('d').bytes(big).end();
        assertEquals(big.length + 5, w.size());
        w.clear();
        w.begin('S').end();
        assertEquals("5300000004", hex(w.toByteArray()));
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> w.cstring("a\0b"));
        assertTrue(nul.getMessage().contains("cannot contain a NUL"));
    }

    private static MessageReader reader(byte[] data) {
        ByteBuffer src = ByteBuffer.wrap(data);
        return new MessageReader(dst -> {
            if (!src.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), src.remaining());
            dst.put(src.array(), src.position(), n);
            src.position(src.position() + n);
            return n;
        }, 64);
    }

    /**
     * Messages of 1 to 40,000 bytes arriving in reads of every size from 1 to 9,000 bytes: the
     * reader keeps a partial message across reads, moves it to the front when the buffer's tail is
     * too short, and grows the buffer with the partial message in it; every byte arrives intact and
     * the stream's end, right after the last message, is read only when a message is asked for.
     */
    @Test
    void partialMessagesSurviveCompactionAndGrowthUnderEveryReadSize() throws Exception {
        MessageWriter w = new MessageWriter();
        int[] sizes = {1, 16_380, 3, 40_000, 7, 5_000, 16_384, 0, 12_345, 2, 30_000, 9};
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = new byte[sizes[i]];
            for (int j = 0; j < body.length; j++) {
                body[j] = (byte) (i * 31 + j);
            }
            w.begin((char) ('a' + i)).bytes(body).end();
        }
        byte[] stream = w.toByteArray();
        for (int chunk : new int[] {1, 4, 5, 6, 999, 4_096, 9_000}) {
            ByteBuffer src = ByteBuffer.wrap(stream);
            int[] reads = {0};
            MessageReader r = new MessageReader(dst -> {
                if (!src.hasRemaining()) {
                    return -1;
                }
                reads[0]++;
                int n = Math.min(chunk, Math.min(dst.remaining(), src.remaining()));
                dst.put(src.array(), src.position(), n);
                src.position(src.position() + n);
                return n;
            }, 50_000);
            for (int i = 0; i < sizes.length; i++) {
                Payload m = r.next();
                assertEquals((char) ('a' + i), m.type(), "chunk " + chunk);
                byte[] body = m.bytes(m.remaining());
                assertEquals(sizes[i], body.length, "chunk " + chunk + ", message " + i);
                for (int j = 0; j < body.length; j++) {
                    if (body[j] != (byte) (i * 31 + j)) {
                        throw new AssertionError("chunk " + chunk + ", message " + i + ", byte " + j);
                    }
                }
            }
            assertFalse(src.hasRemaining());
            assertTrue(reads[0] >= stream.length / chunk, "chunk " + chunk + ": " + reads[0] + " reads");
            PgProtocolException end = assertThrows(PgProtocolException.class, r::next);
            assertTrue(end.getMessage().contains("in the middle of a message header (got 0 of 5 bytes)"), end.getMessage());
        }
    }

    /** A source that hands out at most {@code give[0]} bytes of {@code src} per read. */
    private static MessageReader.Source giving(ByteBuffer src, int[] give) {
        return dst -> {
            int n = Math.min(give[0], src.remaining());
            dst.put(src.array(), src.position(), n);
            src.position(src.position() + n);
            return n;
        };
    }

    @Test
    void aStreamCutInsideTheSecondMessageSaysHowMuchOfItCame() throws Exception {
        byte[] whole = new MessageWriter().begin('1').end().begin('C').cstring("SELECT 1").end().toByteArray();
        MessageReader r = reader(java.util.Arrays.copyOf(whole, 5 + 7));
        assertEquals('1', r.next().type());
        PgProtocolException e = assertThrows(PgProtocolException.class, r::next);
        assertEquals("the server closed the connection in the middle of a 'C' message of 13 bytes (got 7 of 14 bytes)",
                e.getMessage());
    }

    @Test
    void hasBufferedSaysWhetherAWholeMessageIsThere() throws Exception {
        byte[] two = new MessageWriter().begin('1').end().begin('C').cstring("SELECT 1").end().toByteArray();
        int[] give = {5};
        ByteBuffer src = ByteBuffer.wrap(two);
        MessageReader r = new MessageReader(giving(src, give), 64);
        assertFalse(r.hasBuffered(), "nothing read yet");
        assertEquals('1', r.next().type()); // exactly its 5 bytes were read
        assertFalse(r.hasBuffered());
        give[0] = 7; // the next header and 2 of its 9 body bytes
        PgProtocolException none = assertThrows(PgProtocolException.class, () -> new MessageReader(dst -> -1, 64).next());
        assertTrue(none.getMessage().contains("message header"));
        MessageReader partial = new MessageReader(giving(src, give), 64);
        assertEquals(0, partial.buffered());
        give[0] = 100;
        assertEquals('C', partial.next().type());
        assertFalse(partial.hasBuffered());
        byte[] exact = new MessageWriter().begin('2').end().begin('3').end().toByteArray();
        ByteBuffer all = ByteBuffer.wrap(exact);
        MessageReader both = new MessageReader(dst -> {
            int n = Math.min(dst.remaining(), all.remaining());
            dst.put(all.array(), all.position(), n);
            all.position(all.position() + n);
            return n;
        }, 64);
        assertEquals('2', both.next().type());
        assertTrue(both.hasBuffered(), "the second message (5 bytes, exactly) came with the first");
        assertEquals(5, both.buffered());
        byte[] cut = new MessageWriter().begin('C').cstring("SELECT 1").end().toByteArray();
        ByteBuffer head = ByteBuffer.wrap(new MessageWriter().begin('2').end().toByteArray());
        MessageReader shortOne = new MessageReader(dst -> {
            if (head.hasRemaining()) {
                dst.put(head);
                dst.put(cut, 0, cut.length - 1); // all of the next message but its last byte
                return 5 + cut.length - 1;
            }
            return -1;
        }, 64);
        assertEquals('2', shortOne.next().type());
        assertFalse(shortOne.hasBuffered(), "one byte short of a whole message");
    }

    @Test
    void unprintableTypeBytesAreShownInHex() {
        for (int[] c : new int[][] {{0x20, ' '}, {0x7e, '~'}}) {
            PgProtocolException e = assertThrows(PgProtocolException.class,
                    () -> reader(new byte[] {(byte) c[0], 0, 0, 0, 2}).next());
            assertTrue(e.getMessage().startsWith("the server sent a '" + (char) c[1] + "' message with length 2"), e.getMessage());
        }
        for (int b : new int[] {0x1f, 0x7f}) {
            PgProtocolException e = assertThrows(PgProtocolException.class,
                    () -> reader(new byte[] {(byte) b, 0, 0, 0, 2}).next());
            assertTrue(e.getMessage().startsWith(String.format("the server sent a '\\x%02x' message", b)), e.getMessage());
        }
    }

    /** Once every byte read was consumed, the next read lands at the front of the buffer again. */
    @Test
    void theReaderReadsToTheFrontOnceItConsumedEverything() throws Exception {
        byte[] answer = new MessageWriter().begin('2').end().begin('C').cstring("SELECT 1").end().begin('Z').int8('I').end()
                .toByteArray();
        List<Integer> readsAt = new java.util.ArrayList<>();
        MessageReader r = new MessageReader(dst -> {
            readsAt.add(dst.position());
            dst.put(answer);
            return answer.length;
        }, 64);
        for (int query = 0; query < 3; query++) {
            assertEquals('2', r.next().type());
            assertEquals("SELECT 1", r.next().cstring());
            assertEquals('Z', r.next().type());
        }
        assertEquals(List.of(0, 0, 0), readsAt, "one read per answer, each at offset 0");
    }

    @Test
    void theReaderHandsOutOneMessageAtATime() throws Exception {
        MessageWriter w = new MessageWriter();
        w.begin('Z').int8('I').end().begin('C').cstring("SELECT 1").end();
        MessageReader r = reader(w.toByteArray());
        Payload z = r.next();
        assertEquals('Z', z.type());
        assertEquals(1, z.remaining());
        assertTrue(r.hasBuffered());
        assertEquals('I', z.byte1());
        Payload c = r.next();
        assertEquals("SELECT 1", c.cstring());
        assertEquals(0, c.remaining());
        assertFalse(r.hasBuffered());
        assertEquals(0, r.buffered());
        PgProtocolException end = assertThrows(PgProtocolException.class, r::next);
        assertEquals("the server closed the connection in the middle of a message header (got 0 of 5 bytes)",
                end.getMessage());
    }

    @Test
    void theReaderEnforcesItsLimitExactly() throws Exception {
        MessageWriter ok = new MessageWriter();
        ok.begin('d').bytes(new byte[64]).end();
        assertEquals(64, reader(ok.toByteArray()).next().remaining());
        MessageWriter over = new MessageWriter();
        over.begin('d').bytes(new byte[65]).end();
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> reader(over.toByteArray()).next());
        assertEquals("the server sent a 'd' message of 65 bytes, over the limit of 64 (PgConfig.maxMessageSize)",
                e.getMessage());
        PgProtocolException small = assertThrows(PgProtocolException.class,
                () -> reader(new byte[] {1, 0, 0, 0, 3}).next());
        assertTrue(small.getMessage().startsWith("the server sent a '\\x01' message with length 3"), small.getMessage());
        assertEquals(0, reader(new byte[] {1, 0, 0, 0, 4}).next().remaining(), "an empty body is fine");
    }

    @Test
    void payloadFieldsAreBigEndianAndBoundsChecked() throws Exception {
        byte[] b = {(byte) 0xff, (byte) 0xfe, 0x12, 0x34, 0x56, 0x78, 'h', 'i', 0, 'r', 'e', 's', 't'};
        Payload p = new Payload('X', b, 0, b.length);
        assertEquals(-2, p.int16());
        assertEquals(0x12345678, p.int32());
        assertEquals("hi", p.cstring());
        assertEquals(9, p.position());
        assertEquals(4, p.remaining());
        assertEquals("rest", p.rest());
        assertEquals(0, p.remaining());
        assertThrows(PgProtocolException.class, p::byte1);
        Payload q = new Payload('Y', b, 6, 2);
        PgProtocolException noNul = assertThrows(PgProtocolException.class, q::cstring);
        assertEquals("truncated 'Y' message from the server: a string has no terminating NUL", noNul.getMessage());
        Payload r = new Payload('R', b, 0, 3);
        assertEquals(0, r.skip(2));
        Payload s = new Payload('S', b, 2, 4);
        assertEquals(2, s.skip(1), "skip returns where the skipped bytes started");
        assertEquals(3, s.skip(2));
        assertThrows(PgProtocolException.class, () -> r.bytes(2));
        assertArrayEquals(new byte[] {0x12}, r.bytes(1));
        assertThrows(PgProtocolException.class, () -> new Payload('R', b, 0, 3).skip(-1));
        assertEquals(b, p.array());
    }

    @Test
    void scramMatchesRfc7677() throws Exception {
        Scram s = new Scram("user", "pencil", null, "rOprNGfwEbeRWgbNEkqO");
        assertEquals("SCRAM-SHA-256", s.mechanism());
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s.clientFirst());
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", s.clientFinal(serverFirst));
        s.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        PgProtocolException forged = assertThrows(PgProtocolException.class,
                () -> s.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        assertTrue(forged.getMessage().contains("does not know the password"));
        PgProtocolException refused = assertThrows(PgProtocolException.class, () -> s.verifyServerFinal("e=invalid-proof"));
        assertEquals("SCRAM: the server refused: invalid-proof", refused.getMessage());
    }

    @Test
    void scramWithChannelBindingSendsTheBindingData() throws Exception {
        byte[] cb = {1, 2, 3};
        Scram s = new Scram("", "pw", cb, "abc");
        assertEquals("SCRAM-SHA-256-PLUS", s.mechanism());
        assertEquals("p=tls-server-end-point,,n=,r=abc", s.clientFirst());
        String fin = s.clientFinal("r=abcdef,s=QUJD,i=1");
        String c = fin.substring(2, fin.indexOf(','));
        byte[] decoded = java.util.Base64.getDecoder().decode(c);
        assertEquals("p=tls-server-end-point,,\u0001\u0002\u0003", new String(decoded, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(fin.contains(",r=abcdef,p="));
        assertEquals("n=a=3Db=2Cc,r=x", new Scram("a=b,c", "pw", null, "x").clientFirst().substring(3));
    }

    @Test
    void scramRefusesWhatAServerMustNotSend() {
        Scram s = new Scram("", "pw", null, "abc");
        s.clientFirst();
        assertTrue(assertThrows(PgProtocolException.class, () -> s.clientFinal("r=abc,s=QUJD,i=4096")).getMessage()
                .contains("does not extend ours"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.clientFinal("r=abcd,s=QUJD,i=0")).getMessage()
                .contains("asks for 0 iterations"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.clientFinal("r=abcd,s=QUJD,i=10000001")).getMessage()
                .contains("10000001 iterations"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.clientFinal("r=abcd,s=!!,i=1")).getMessage()
                .contains("malformed server-first-message"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.clientFinal("r=abcd,i=1")).getMessage()
                .contains("has no 's' attribute"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.verifyServerFinal("v=AA==")).getMessage()
                .contains("signature is wrong"));
        assertTrue(assertThrows(PgProtocolException.class, () -> s.verifyServerFinal("v=!")).getMessage()
                .contains("malformed server-final-message"));
    }

    @Test
    void md5PasswordIsTheDoubleHash() {
        assertEquals("md5b5dfd8fbdd6fc9174cc8e85dfa598fa2", Md5Password.encode("md5user", "md5pass", new byte[] {1, 2, 3, 4}));
    }

    @Test
    void noticesParseEveryFieldAndPrintTheUsefulOnes() throws Exception {
        MessageWriter w = new MessageWriter();
        w.begin('E');
        Map<Character, String> fields = new java.util.LinkedHashMap<>();
        String codes = "SVCMDHPpqWstcdnFLRZ";
        for (char c : codes.toCharArray()) {
            fields.put(c, c == 'P' ? "7" : c == 'p' ? "3" : "f" + c);
        }
        fields.forEach((c, v) -> w.int8(c).cstring(v));
        w.int8(0).end();
        byte[] bytes = w.toByteArray();
        PgNotice n = Messages.notice(new Payload('E', bytes, 5, bytes.length - 5));
        assertEquals(new PgNotice("fS", "fV", "fC", "fM", "fD", "fH", 7, 3, "fq", "fW", "fs", "ft", "fc", "fd", "fn",
                "fF", "fL", "fR"), n);
        assertEquals("fS fC: fM; detail: fD; hint: fH (at character 7)", n.toString());
        PgNotice bare = PgNotice.of(Map.of('S', "ERROR", 'C', "XX000", 'M', "m", 'P', "x"));
        assertEquals("ERROR XX000: m", bare.toString());
        assertEquals(0, bare.position());
        assertEquals("57014", new PgException(PgNotice.of(Map.of('C', "57014"))).sqlState());
    }

    @Test
    void rowDescriptionsAndRowsDecode() throws Exception {
        MessageWriter w = new MessageWriter();
        w.begin('T').int16(2)
                .cstring("a").int32(1).int16(1).int32(23).int16(4).int32(-1).int16(1)
                .cstring("b").int32(0).int16(0).int32(25).int16(-1).int32(-1).int16(0).end();
        byte[] t = w.toByteArray();
        List<Column> cols = Messages.rowDescription(new Payload('T', t, 5, t.length - 5));
        assertEquals(List.of(new Column("a", 23, 1), new Column("b", 25, 0)), cols);
        w.clear();
        w.begin('D').int16(2).int32(4).int32(42).int32(-1).end();
        byte[] d = w.toByteArray();
        Row r = Messages.dataRow(new Payload('D', d, 5, d.length - 5), cols);
        assertEquals(42, r.get(0));
        assertTrue(r.isNull(1));
        w.clear();
        w.begin('T').int16(1).cstring("x").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(2).end();
        byte[] bad = w.toByteArray();
        assertTrue(assertThrows(PgProtocolException.class,
                () -> Messages.rowDescription(new Payload('T', bad, 5, bad.length - 5))).getMessage()
                .contains("format code 2"));
        w.clear();
        w.begin('D').int16(2).int32(4).int32(42).int32(-2).end();
        byte[] negative = w.toByteArray();
        assertTrue(assertThrows(PgProtocolException.class,
                () -> Messages.dataRow(new Payload('D', negative, 5, negative.length - 5), cols)).getMessage()
                .contains("column 1 has length -2"));
        w.clear();
        w.begin('D').int16(2).int32(-1).int32(-1).int8(9).end();
        byte[] extra = w.toByteArray();
        assertTrue(assertThrows(PgProtocolException.class,
                () -> Messages.dataRow(new Payload('D', extra, 5, extra.length - 5), cols)).getMessage()
                .contains("1 bytes after the last column"));
        w.clear();
        w.begin('T').int16(-1).end();
        byte[] neg = w.toByteArray();
        assertThrows(PgProtocolException.class, () -> Messages.rowDescription(new Payload('T', neg, 5, neg.length - 5)));
    }

    @Test
    void commandTagsGiveTheRowCount() {
        assertEquals(3, RowSet.affected("INSERT 0 3"));
        assertEquals(2, RowSet.affected("SELECT 2"));
        assertEquals(0, RowSet.affected("BEGIN"));
        assertEquals(0, RowSet.affected("ALTER TABLE"));
        assertEquals(0, RowSet.affected(""));
    }

    @Test
    void statementCacheEvictsTheLeastRecentlyUsedAndClosesIt() {
        StatementCache c = new StatementCache(2);
        assertTrue(c.enabled());
        String a = c.newName();
        String b = c.newName();
        assertEquals("shrapnel_1", a);
        assertEquals("shrapnel_2", b);
        c.put("A", StatementCache.Prepared.of(a, List.of(new Column("x", 23, 0), new Column("y", 600, 0))));
        c.put("B", StatementCache.Prepared.of(b, List.of()));
        assertArrayEquals(new int[] {1, 0}, c.get("A").resultFormats());
        assertEquals(List.of(new Column("x", 23, 1), new Column("y", 600, 0)), c.get("A").columns());
        c.put("C", StatementCache.Prepared.of(c.newName(), List.of()));
        assertEquals(List.of("shrapnel_2"), c.drainToClose(), "B was used least recently");
        assertEquals(List.of(), c.drainToClose());
        c.invalidate("A");
        c.invalidate("nothing");
        c.closeLater("");
        c.closeLater("x");
        assertEquals(List.of("shrapnel_1", "x"), c.drainToClose());
        assertEquals(1, c.size());
        c.clear();
        assertEquals(0, c.size());
        StatementCache off = new StatementCache(0);
        assertFalse(off.enabled());
        assertEquals("", off.newName());
    }

    @Test
    void identifiersAreQuoted() {
        assertEquals("\"jobs\"", PgConnection.quoteIdentifier("jobs"));
        assertEquals("\"a\"\"b\"", PgConnection.quoteIdentifier("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> PgConnection.quoteIdentifier("\0jobs"), "a NUL first too");
        assertThrows(IllegalArgumentException.class, () -> PgConnection.quoteIdentifier("jo\0bs"));
    }

    @Test
    void configRefusesNonsenseWithTheFix() {
        PgConfig.Builder ok = PgConfig.builder().user("u");
        PgConfig c = ok.build();
        assertEquals("u", c.database(), "the database defaults to the user's name");
        assertEquals(5432, c.port());
        assertEquals(SslMode.PREFER, c.sslMode());
        assertTrue(c.channelBinding());
        assertEquals(64 << 20, c.maxMessageSize());
        assertEquals(256, c.statementCacheSize());
        assertEquals("postgresql://u@127.0.0.1:5432/u?sslmode=PREFER", c.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PgConfig.builder().user("u").port(0).build())
                .getMessage().contains("port must be 1..65535"));
        assertThrows(IllegalArgumentException.class, () -> PgConfig.builder().user("u").port(65536).build());
        assertEquals(65535, PgConfig.builder().user("u").port(65535).build().port());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PgConfig.builder().user("u").maxMessageSize(1023)
                .build()).getMessage().contains("at least 1024"));
        assertEquals(1024, PgConfig.builder().user("u").maxMessageSize(1024).build().maxMessageSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PgConfig.builder().user("u")
                .statementCacheSize(-1).build()).getMessage().contains("0 turns the cache off"));
        assertThrows(NullPointerException.class, () -> PgConfig.builder().build());
        assertEquals(Map.of("application_name", "x"), PgConfig.builder().user("u").parameter("application_name", "x")
                .build().parameters());
    }

    /** A DataRow body built by hand: the column count, then each column's int32 length and bytes. */
    private static Row row(List<Column> cols, int... octets) throws Exception {
        byte[] body = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            body[i] = (byte) octets[i];
        }
        return Messages.dataRow(new Payload('D', body, 0, body.length), cols);
    }

    @Test
    void aDataRowCutInsideALengthOrAValueIsAProtocolError() throws Exception {
        List<Column> two = List.of(new Column("a", 25, 0), new Column("b", 25, 0));
        Row ok = row(two, 0, 2, 0, 0, 0, 1, 'x', 0, 0, 0, 2, 'y', 'z');
        assertEquals("x", ok.getString(0));
        assertEquals("yz", ok.getString(1));
        PgProtocolException noLength = assertThrows(PgProtocolException.class,
                () -> row(two, 0, 2, 0, 0, 0, 1, 'x', 0, 0, 0)); // the second length has 3 of its 4 bytes
        assertEquals("truncated 'D' message from the server: column 1 of 2 has no length (3 bytes left)",
                noLength.getMessage());
        PgProtocolException shortValue = assertThrows(PgProtocolException.class,
                () -> row(two, 0, 2, 0, 0, 0, 1, 'x', 0, 0, 0, 3, 'y', 'z')); // says 3 bytes, has 2
        assertEquals("truncated 'D' message from the server: column 1 needs 3 bytes, 2 left", shortValue.getMessage());
        Row exact = row(List.of(new Column("a", 25, 0)), 0, 1, 0, 0, 0, 0); // an empty value, the body ends with it
        assertEquals("", exact.getString(0));
        assertFalse(exact.isNull(0));
    }

    @Test
    void theWriterGrowsWhereverAFieldStartsNearTheEndOfItsBuffer() {
        for (int fill = 4080; fill <= 4096; fill++) {
            MessageWriter w = new MessageWriter();
            w.bytes(new byte[fill]);
            w.begin('Q').decimalValue(Long.MIN_VALUE).textValue("é").cstring("\u0080").end();
            byte[] out = w.toByteArray();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out, fill, out.length - fill);
            assertEquals('Q', b.get());
            assertEquals(out.length - fill - 1, b.getInt(), "the message's length");
            assertEquals(20, b.getInt());
            byte[] digits = new byte[20];
            b.get(digits);
            assertEquals(Long.toString(Long.MIN_VALUE), new String(digits, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(2, b.getInt(), "é is two bytes of UTF-8");
            assertEquals((byte) 0xc3, b.get());
            assertEquals((byte) 0xa9, b.get());
            assertEquals((byte) 0xc2, b.get(), "U+0080 is not ASCII: two bytes");
            assertEquals((byte) 0x80, b.get());
            assertEquals(0, b.get());
            assertFalse(b.hasRemaining());
        }
        MessageWriter w = new MessageWriter();
        w.bytes(new byte[4095]);
        w.beginUntyped().int32(7).end();
        assertEquals(4095 + 8, w.size());
        w.clear();
        w.bytes(new byte[4094]);
        w.cstring("\u007f"); // the last ASCII character stays one byte
        assertEquals(4096, w.size());
    }
}
