package io.shrapnel.codecs.asn1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.EofError;
import io.shrapnel.net.UnixSock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer coro on a Unix socket writes bytes in pieces; the reader hands back whole elements. */
class BerStreamReaderTest {
    @TempDir
    Path dir;

    interface Reading {
        void run(BerStreamReader in) throws Exception;
    }

    /** Runs {@code reading} against a peer that sends {@code pieces} one write each, then closes. */
    private void withPeer(BerLimits limits, boolean der, List<byte[]> pieces, Reading reading) throws Exception {
        Path path = dir.resolve("s" + System.nanoTime());
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                UnixSock listener = UnixSock.create();
                listener.bind(path);
                listener.listen(1);
                Coro peer = Coro.spawn("peer", () -> {
                    try (UnixSock c = listener.accept()) {
                        for (byte[] p : pieces) {
                            c.sendAll(p);
                            Coro.yieldSlice();
                        }
                    } catch (IOException readerGaveUp) {
                        // the reader refused the input and closed: the rest need not be sent
                    }
                });
                try (UnixSock client = UnixSock.create()) {
                    client.connect(path);
                    reading.run(new BerStreamReader(client, limits, der));
                } finally {
                    peer.join();
                    listener.close();
                }
            });
        }
    }

    @Test
    void elementsSplitAcrossWritesComeBackWhole() throws Exception {
        byte[] big = new DerWriter().writeOctetString(new byte[20000]).toByteArray();
        withPeer(BerLimits.DEFAULT, false, List.of(Hex.bytes("30 03 02"), Hex.bytes("01 05 30 80 05"),
                Hex.bytes("00 00"), Hex.bytes("00"), java.util.Arrays.copyOf(big, 5000),
                java.util.Arrays.copyOfRange(big, 5000, big.length)), in -> {
            assertEquals("30 03 02 01 05", Hex.of(in.read()));
            assertEquals(5, in.offset());
            assertEquals("30 80 05 00 00 00", Hex.of(in.read()));
            assertArrayEquals(big, in.read());
            assertNull(in.read());
            assertEquals(11 + big.length, in.offset());
        });
    }

    @Test
    void declaredLengthOverTheLimitFailsBeforeTheContentArrives() throws Exception {
        withPeer(new BerLimits(8, 1000), false, List.of(Hex.bytes("05 00 30 83 10 00 00")), in -> {
            in.read();
            Asn1Exception e = assertThrows(Asn1Exception.class, in::read);
            assertEquals("length 1048576 over the limit of 1000 at offset 3", e.getMessage());
        });
    }

    @Test
    void indefiniteLengthThatNeverEndsStopsAtTheLimit() throws Exception {
        byte[] nulls = new byte[3000];
        for (int i = 0; i < nulls.length; i += 2) {
            nulls[i] = 5;
        }
        withPeer(new BerLimits(8, 1000), false, List.of(Hex.bytes("30 80"), nulls, nulls), in -> {
            Asn1Exception e = assertThrows(Asn1Exception.class, in::read);
            assertTrue(e.getMessage().startsWith("indefinite length content over the limit of 1000 at offset 0"), e.getMessage());
        });
    }

    @Test
    void incompleteIndefiniteElementBeyondTheLimitIsRefused() throws Exception {
        byte[] child = new DerWriter().writeOctetString(new byte[992]).toByteArray();
        byte[] partial = new byte[104];
        System.arraycopy(Hex.bytes("04 82 03 e0"), 0, partial, 0, 4);
        withPeer(new BerLimits(8, 1000), false, List.of(Hex.bytes("30 80"), child, partial), in ->
                assertEquals("element over the limit of 1000 bytes at offset 0",
                        assertThrows(Asn1Exception.class, in::read).getMessage()));
    }

    @Test
    void derModeRefusesIndefiniteLengthNamingTheStreamOffset() throws Exception {
        withPeer(BerLimits.DEFAULT, true, List.of(Hex.bytes("05 00 05 00 30 80 00 00")), in -> {
            in.read();
            in.read();
            assertEquals("indefinite length in DER at offset 5", assertThrows(Asn1Exception.class, in::read).getMessage());
        });
    }

    @Test
    void endOfStreamInsideAnElement() throws Exception {
        withPeer(BerLimits.DEFAULT, false, List.of(Hex.bytes("04 05 61 62")), in -> {
            EofError e = assertThrows(EofError.class, in::read);
            assertEquals("04 05 61 62", Hex.of(e.partial()));
        });
    }

    @Test
    void deepNestingFromThePeer() throws Exception {
        byte[] deep = new byte[40];
        for (int i = 0; i < 20; i++) {
            deep[2 * i] = 0x30;
            deep[2 * i + 1] = (byte) 0x80;
        }
        withPeer(new BerLimits(10, 1000), false, List.of(deep), in ->
                assertEquals("nesting deeper than 10 levels at offset 20", assertThrows(Asn1Exception.class, in::read).getMessage()));
    }

    @Test
    void tenByteTag() throws Exception {
        withPeer(BerLimits.DEFAULT, false, List.of(Hex.bytes("05 00 9f 81 81 81 81 81 81 81 81 01 00")), in -> {
            in.read();
            assertEquals("tag number longer than 4 bytes at offset 2", assertThrows(Asn1Exception.class, in::read).getMessage());
        });
    }
}
