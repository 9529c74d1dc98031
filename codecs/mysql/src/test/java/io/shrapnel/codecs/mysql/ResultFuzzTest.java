package io.shrapnel.codecs.mysql;

import io.shrapnel.codecs.mysql.internal.PacketChannel;
import java.io.EOFException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The result decoder (text and binary rows, column definitions, end packets) fed packets that
 * start like real ones and go on at random: it returns, or fails with a protocol error, the
 * server's error, or EOF; nothing else.
 */
class ResultFuzzTest {
    @Provide
    Arbitrary<byte[]> packet() {
        Arbitrary<Byte> head = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x02, (byte) 0x03, (byte) 0xFB,
                (byte) 0xFC, (byte) 0xFE, (byte) 0xFF, (byte) 0x05);
        return Combinators.combine(head, Arbitraries.bytes().array(byte[].class).ofMaxSize(60)).as((h, rest) -> {
            byte[] p = new byte[rest.length + 1];
            p[0] = h;
            System.arraycopy(rest, 0, p, 1, rest.length);
            return p;
        });
    }

    @Property(tries = 1000)
    void randomResponsesFailCleanly(@ForAll("packets") List<byte[]> packets, @ForAll boolean binary,
                                    @ForAll boolean deprecateEof) throws Exception {
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        int seq = 1;
        for (byte[] p : packets) {
            wire.write(p.length);
            wire.write(p.length >>> 8);
            wire.write(p.length >>> 16);
            wire.write(seq++);
            wire.write(p);
        }
        PacketChannel ch = new PacketChannel(io.shrapnel.codecs.mysql.internal.TestConns.of(wire.toByteArray()), 1 << 16);
        ch.resetSequence();
        ch.write(new byte[] {3}); // the command: sequence 0, so the response starts at 1
        try {
            new ResultReader(ch, deprecateEof, binary, null).readAll();
        } catch (MySqlProtocolException | MySqlException | EOFException expected) {
            // clear errors
        }
    }

    @Provide
    Arbitrary<List<byte[]>> packets() {
        Arbitrary<byte[]> column = Arbitraries.of(ColumnType.values()).map(t -> columnDefinition(t.code()));
        return Arbitraries.oneOf(packet(), column).list().ofMaxSize(10)
                .map(l -> {
                    java.util.ArrayList<byte[]> all = new java.util.ArrayList<>();
                    all.add(new byte[] {2});
                    all.add(columnDefinition(3));
                    all.add(columnDefinition(12));
                    all.addAll(l);
                    return all;
                });
    }

    static byte[] columnDefinition(int type) {
        return new byte[] {3, 'd', 'e', 'f', 0, 0, 0, 1, 'c', 0, 0x0C, 45, 0, 10, 0, 0, 0, (byte) type, 0, 0, 0, 0, 0};
    }
}
