package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The packet layer and the decoders under random and broken input. */
class PacketFuzzTest {
    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(12);
    }

    static List<byte[]> chop(byte[] all, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            int n = 1 + r.nextInt(Math.min(64, all.length - at));
            chunks.add(Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        return chunks;
    }

    @Property(tries = 300)
    void whatIsWrittenIsReadBackWhateverTheChunking(@ForAll("payloads") List<byte[]> payloads, @ForAll long seed)
            throws IOException {
        MemoryConn out = MemoryConn.of();
        PacketChannel writer = new PacketChannel(out, 1 << 20);
        for (byte[] p : payloads) {
            writer.write(p);
        }
        PacketChannel reader = new PacketChannel(new MemoryConn(chop(out.written.toByteArray(), seed)), 1 << 20);
        for (byte[] p : payloads) {
            assertArrayEquals(p, reader.read());
        }
        assertEquals(writer.sequence(), reader.sequence());
    }

    @Property(tries = 500)
    void randomBytesEndInAProtocolErrorOrEof(@ForAll @Size(max = 400) byte[] input, @ForAll long seed) {
        PacketChannel ch = new PacketChannel(new MemoryConn(chop(input, seed)), 4096);
        int packets = 0;
        while (true) {
            try {
                ch.read();
                packets++;
            } catch (MySqlProtocolException | EOFException expected) {
                break;
            } catch (IOException e) {
                throw new AssertionError("unexpected " + e, e);
            }
        }
        assert packets <= input.length / 4;
    }

    @Property(tries = 1000)
    void decodersAcceptOrRejectCleanly(@ForAll @Size(max = 120) byte[] input,
                                       @ForAll @IntRange(min = 0, max = 5) int which) {
        try {
            switch (which) {
                case 0 -> Handshake.decode(input);
                case 1 -> ColumnCodec.decode(input);
                case 2 -> Packets.ok(input);
                case 3 -> Packets.err(input);
                case 4 -> Packets.end(input, false);
                default -> {
                    PacketReader r = new PacketReader(input);
                    while (r.hasRemaining()) {
                        r.lenencBytes();
                    }
                }
            }
        } catch (MySqlProtocolException expected) {
            // a clear error is fine
        }
    }

    @Property(tries = 300)
    void mutatedHandshakesDecodeOrFailClearly(@ForAll @IntRange(min = 0, max = 80) int cut,
                                              @ForAll @IntRange(min = 0, max = 79) int flip, @ForAll byte value) {
        byte[] good = ("\n5.5.5-10.11.6-MariaDB\0\1\0\0\0abcdefgh\0\u00ff\u00f7\u002d\2\0\u00ff\u0081\u0015\0\0\0\0\0\0\0\0\0\0"
                + "ijklmnopqrst\0mysql_native_password\0").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] bad = Arrays.copyOf(good, Math.min(good.length, cut + 10));
        bad[flip % bad.length] = value;
        try {
            Handshake.decode(bad);
        } catch (MySqlProtocolException expected) {
            // fine
        }
    }
}
