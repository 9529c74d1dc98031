package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.BinaryValues;
import io.shrapnel.codecs.postgres.internal.MessageReader;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.codecs.postgres.internal.Scram;
import io.shrapnel.codecs.postgres.internal.TextValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Generated input for the backend message decoder: whatever arrives, decoding ends in a
 * {@link PgProtocolException} (or a clean end of input), never in another exception, and the
 * reader never buffers past its limit.
 */
class DecoderFuzzTest {
    private static final int LIMIT = 1024;
    private static final List<Column> TWO_COLUMNS = List.of(new Column("a", 23, 1), new Column("b", 25, 0));
    private static final int[] OIDS = {16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 700, 701, 705, 1000, 1001, 1005,
        1007, 1009, 1015, 1016, 1021, 1022, 1042, 1043, 1082, 1083, 1114, 1115, 1182, 1184, 1185, 1186, 1187, 1231,
        1700, 2950, 2951, 3802, 3807, 600, 869};

    /** A source that hands out {@code data} in slices of {@code step} bytes, then end of stream. */
    private static MessageReader reader(byte[] data, int step) {
        ByteBuffer src = ByteBuffer.wrap(data);
        return new MessageReader(dst -> {
            if (!src.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(step, dst.remaining()), src.remaining());
            dst.put(src.array(), src.position(), n);
            src.position(src.position() + n);
            return n;
        }, LIMIT);
    }

    /** Decodes every message of the stream the way the client would. */
    private static int decodeAll(byte[] data, int step) throws IOException {
        MessageReader r = reader(data, step);
        int messages = 0;
        while (true) {
            Payload m;
            try {
                m = r.next();
            } catch (PgProtocolException e) {
                if (e.getMessage().contains("closed the connection")) {
                    return messages; // the end of the input, in or between messages
                }
                throw e;
            }
            assertTrue(m.remaining() <= LIMIT);
            messages++;
            switch (m.type()) {
                case 'E', 'N' -> Messages.notice(m);
                case 'T' -> Messages.rowDescription(m);
                case 'D' -> decodeRow(Messages.dataRow(m, TWO_COLUMNS));
                case 'A' -> Messages.notification(m);
                case 'R', 'K' -> m.int32();
                case 'S' -> {
                    m.cstring();
                    m.cstring();
                }
                case 'Z' -> m.byte1();
                default -> m.rest();
            }
        }
    }

    private static void decodeRow(Row row) {
        for (int i = 0; i < row.size(); i++) {
            try {
                row.get(i);
                row.getString(i);
            } catch (IllegalArgumentException malformedValue) {
                // a malformed binary value is reported when it is read, as IllegalArgumentException
            }
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> plausible = Arbitraries.of('E', 'N', 'T', 'D', 'A', 'R', 'K', 'S', 'Z', 'C', '~')
                .flatMap(type -> Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(body -> {
                    MessageWriter w = new MessageWriter();
                    w.begin(type).bytes(body).end();
                    return w.toByteArray();
                }))
                .list().ofMaxSize(6)
                .map(parts -> {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    parts.forEach(out::writeBytes);
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(garbage, plausible);
    }

    @Property(tries = 400)
    void anyStreamDecodesOrFailsWithAProtocolError(@ForAll("streams") byte[] data,
                                                   @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 17) int step) {
        try {
            decodeAll(data, step);
        } catch (PgProtocolException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        } catch (IOException other) {
            throw new AssertionError("unexpected " + other, other);
        }
    }

    @Property(tries = 300)
    void textValuesNeverThrow(@ForAll("oids") int oid, @ForAll @Size(max = 40) byte[] value) {
        TextValues.decode(oid, value, 0, value.length);
    }

    @Property(tries = 300)
    void binaryValuesFailOnlyWithIllegalArgument(@ForAll("oids") int oid, @ForAll @Size(max = 40) byte[] value) {
        try {
            BinaryValues.decode(oid, value, 0, value.length);
        } catch (IllegalArgumentException malformed) {
            assertTrue(malformed.getMessage().startsWith("malformed binary"), malformed.getMessage());
        }
    }

    @Provide
    Arbitrary<Integer> oids() {
        return Arbitraries.of(java.util.Arrays.stream(OIDS).boxed().toList());
    }

    @Property(tries = 200)
    void scramRejectsAnyMalformedServerMessage(@ForAll @Size(max = 80) String serverFirst) {
        Scram scram = new Scram("", "pw", null, "nonce");
        scram.clientFirst();
        try {
            scram.clientFinal(serverFirst);
        } catch (PgProtocolException expected) {
            assertTrue(expected.getMessage().startsWith("SCRAM:"), expected.getMessage());
        }
    }

    @Property(tries = 50)
    void wellFormedMessagesSurviveAnySlicing(@ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 9) int step,
                                             @ForAll @Size(max = 200) String text) throws IOException {
        MessageWriter w = new MessageWriter();
        w.begin('A').int32(7).cstring(text.replace('\0', ' ')).cstring("p").end();
        w.begin('Z').int8('I').end();
        assertEquals(2, decodeAll(w.toByteArray(), step));
    }
}
