package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyTest {
    private static final Limits LIMITS = Limits.defaults();

    private static String chunked(String wire, Limits limits) throws Exception {
        HttpInput in = MemoryTransport.input(wire);
        BodyInput b = BodyInput.of(Framing.CHUNKED, in, limits);
        String s = new String(b.readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(b.isDone());
        return s + "|" + new String(readRest(in), StandardCharsets.ISO_8859_1);
    }

    private static byte[] readRest(HttpInput in) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            o.write(c);
        }
        return o.toByteArray();
    }

    private static int chunkedStatus(String wire, Limits limits) {
        return assertThrows(HttpProtocolException.class, () -> chunked(wire, limits)).status();
    }

    @Test
    void decodesChunksWithExtensionsAndTrailersAndStopsAtTheirEnd() throws Exception {
        assertEquals("hello world|NEXT", chunked("5\r\nhello\r\n6;name=val ; x\r\n world\r\n0\r\nTrailer: t\r\n\r\nNEXT", LIMITS));
        assertEquals("|", chunked("0\r\n\r\n", LIMITS));
        assertEquals("ABCDEFGHIJ|", chunked("A\r\nABCDEFGHIJ\r\n000\r\n\r\n", LIMITS));
    }

    @Test
    void invalidChunkSizesAreRejected() {
        for (String bad : new String[] {"\r\n", "g\r\n", "-1\r\n", "0x5\r\n", "+5\r\n", " 5\r\n", "5 \r\n",
                "5\u0000\r\n", "fffffffffffffffff\r\n", "5\n", "5;ext\u0001\r\n"}) {
            assertEquals(400, chunkedStatus(bad + "hello\r\n0\r\n\r\n", LIMITS), bad);
        }
    }

    @Test
    void chunkDataNotFollowedByCrlfIsRejected() {
        assertEquals(400, chunkedStatus("3\r\nhello\r\n0\r\n\r\n", LIMITS));
        assertEquals(400, chunkedStatus("5\r\nhelloXY0\r\n\r\n", LIMITS));
    }

    @Test
    void chunkedBodyAboveTheLimitIs413() {
        assertEquals(413, chunkedStatus("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", LIMITS.withMaxBody(10)));
        assertEquals(413, chunkedStatus("7fffffffffffffff\r\nx", LIMITS));
    }

    @Test
    void hugeTrailersAre431() {
        assertEquals(431, chunkedStatus("0\r\n" + "T: v\r\n".repeat(200) + "\r\n", LIMITS));
    }

    @Test
    void truncatedChunkedBodyIsAnEndOfStream() {
        assertThrows(EOFException.class, () -> chunked("5\r\nhel", LIMITS));
        assertThrows(EOFException.class, () -> chunked("5\r\nhello\r\n", LIMITS));
        assertThrows(EOFException.class, () -> chunked("5\r\nhello", LIMITS));
    }

    @Test
    void sizedBodyStopsAtItsLengthAndLeavesTheNextMessage() throws Exception {
        HttpInput in = MemoryTransport.input("helloGET");
        BodyInput b = BodyInput.of(Framing.sized(5), in, LIMITS);
        assertArrayEquals("hello".getBytes(), b.readAllBytes());
        assertEquals("GET", new String(readRest(in)));
        assertThrows(EOFException.class, () -> BodyInput.of(Framing.sized(5), MemoryTransport.input("hel"), LIMITS).readAllBytes());
    }

    @Test
    void drainGivesUpPastItsLimit() throws Exception {
        assertTrue(BodyInput.of(Framing.sized(100), MemoryTransport.input("x".repeat(100)), LIMITS).drain(100));
        assertFalse(BodyInput.of(Framing.sized(100), MemoryTransport.input("x".repeat(100)), LIMITS).drain(50));
    }

    @Test
    void chunkedOutputEncodesExactBytes() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 64);
        BodyOutput b = BodyOutput.of(Framing.CHUNKED, out);
        b.write("hello".getBytes());
        b.write(new byte[0]); // an empty write must not end the body
        b.write("x".repeat(26).getBytes());
        b.close();
        out.flush();
        assertEquals("5\r\nhello\r\n1a\r\n" + "x".repeat(26) + "\r\n0\r\n\r\n", sink.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void chunkedOutputRoundTripsThroughTheDecoder() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 100);
        BodyOutput b = BodyOutput.of(Framing.CHUNKED, out);
        byte[] data = new byte[70_000];
        new java.util.Random(7).nextBytes(data);
        for (int off = 0; off < data.length; off += 999) {
            b.write(data, off, Math.min(999, data.length - off));
        }
        b.close();
        out.flush();
        BodyInput in = BodyInput.of(Framing.CHUNKED, MemoryTransport.input(sink.toByteArray()), LIMITS);
        assertArrayEquals(data, in.readAllBytes());
    }

    @Test
    void sizedOutputRefusesTooManyOrTooFewBytes() throws Exception {
        HttpOutput out = new HttpOutput((b, o, l) -> { }, 64);
        BodyOutput b = BodyOutput.of(Framing.sized(3), out);
        assertThrows(java.io.IOException.class, () -> b.write("four".getBytes()));
        b.write("ab".getBytes());
        assertThrows(java.io.IOException.class, b::close);
    }
}
