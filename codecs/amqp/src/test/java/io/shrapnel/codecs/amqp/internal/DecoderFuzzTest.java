package io.shrapnel.codecs.amqp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.codecs.amqp.FieldValue;
import io.shrapnel.net.EofError;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Hostile bytes reach the decoders: they may refuse them, but only with AmqpProtocolException. */
class DecoderFuzzTest {
    interface Decode {
        void run() throws IOException;
    }

    private static void onlyProtocolErrors(Decode d) throws IOException {
        try {
            d.run();
        } catch (AmqpProtocolException | EofError expected) {
            // a clear refusal
        }
    }

    @Property(tries = 400)
    void fieldTablesRefuseGarbageCleanly(@ForAll @Size(max = 200) byte[] garbage) throws IOException {
        onlyProtocolErrors(() -> FieldTables.readTable(new WireReader(garbage)));
    }

    @Property(tries = 400)
    void methodsRefuseGarbageCleanly(@ForAll @Size(max = 200) byte[] garbage, @ForAll("methodIds") int ids)
            throws IOException {
        byte[] framed = new byte[garbage.length + 4];
        framed[0] = (byte) (ids >> 24);
        framed[1] = (byte) (ids >> 16);
        framed[2] = (byte) (ids >> 8);
        framed[3] = (byte) ids;
        System.arraycopy(garbage, 0, framed, 4, garbage.length);
        onlyProtocolErrors(() -> Method.decode(new WireReader(framed)));
    }

    @Provide
    Arbitrary<Integer> methodIds() {
        return Arbitraries.oneOf(Arbitraries.of(MethodSpec.values()).map(m -> m.classId() << 16 | m.methodId()),
                Arbitraries.integers());
    }

    @Property(tries = 300)
    void contentHeadersRefuseGarbageCleanly(@ForAll @Size(max = 100) byte[] garbage) throws IOException {
        onlyProtocolErrors(() -> ContentHeader.decode(new WireReader(garbage)));
    }

    @Property(tries = 300)
    void frameStreamsRefuseGarbageCleanly(@ForAll @Size(max = 300) byte[] garbage, @ForAll @IntRange(min = 1, max = 64) int chunk)
            throws IOException {
        FrameReader r = new FrameReader(new BytesConn(garbage, chunk), 4096);
        onlyProtocolErrors(() -> {
            while (true) {
                r.next();
            }
        });
    }

    @Property(tries = 300)
    void tablesSurviveARoundTrip(@ForAll("tables") Map<String, Object> table) throws IOException {
        WireWriter w = new WireWriter(1);
        FieldTables.writeTable(w, table);
        assertEquals(table, FieldTables.readTable(new WireReader(w.toByteArray())));
    }

    @Property(tries = 300)
    void damagedTablesAreRefusedCleanly(@ForAll("tables") Map<String, Object> table, @ForAll int where, @ForAll byte value)
            throws IOException {
        WireWriter w = new WireWriter(1);
        FieldTables.writeTable(w, table);
        byte[] b = w.toByteArray();
        b[Math.floorMod(where, b.length)] = value;
        onlyProtocolErrors(() -> FieldTables.readTable(new WireReader(b)));
    }

    @Provide
    Arbitrary<Map<String, Object>> tables() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.of(true, false).map(x -> (Object) x),
                Arbitraries.bytes().map(x -> (Object) x),
                Arbitraries.shorts().map(x -> (Object) x),
                Arbitraries.integers().map(x -> (Object) x),
                Arbitraries.longs().map(x -> (Object) x),
                Arbitraries.doubles().map(x -> (Object) x),
                Arbitraries.integers().between(0, 255).map(x -> (Object) new FieldValue.UnsignedByte(x)),
                Arbitraries.integers().between(0, 65535).map(x -> (Object) new FieldValue.UnsignedShort(x)),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(x -> (Object) new FieldValue.UnsignedInt(x)),
                Arbitraries.strings().ofMaxLength(20).map(x -> (Object) x));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(x -> (Object) List.copyOf(x));
        Arbitrary<Object> values = Arbitraries.oneOf(scalars, lists);
        Arbitrary<Map<String, Object>> flat = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(10), values)
                .ofMaxSize(6).map(LinkedHashMap::new);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(10),
                Arbitraries.oneOf(values, flat.map(x -> (Object) x))).ofMaxSize(6).map(LinkedHashMap::new);
    }
}
