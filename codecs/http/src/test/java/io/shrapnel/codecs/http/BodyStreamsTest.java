package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body streams on both sides, at their edges: one byte at a time, after close, drained, and a bad chunk line. */
class BodyStreamsTest {
    private static final Limits LIMITS = Limits.defaults();

    private static BodyInput body(Framing f, String wire) {
        return BodyInput.of(f, MemoryTransport.input(wire), LIMITS);
    }

    @Test
    void aBodyReadsOneByteAtATimeToItsEnd() throws Exception {
        BodyInput b = body(Framing.sized(2), "\u00ffaNEXT");
        assertEquals(0xff, b.read(), "a high byte is not negative");
        assertEquals('a', b.read());
        assertEquals(-1, b.read());
        assertTrue(b.isDone());
        assertEquals(-1, b.read(new byte[4], 0, 4), "and stays at its end");
    }

    @Test
    void aZeroLengthReadReturnsZeroWithoutRunningTheFirstReadAction() throws Exception {
        BodyInput b = body(Framing.sized(3), "abc");
        int[] runs = {0};
        b.onFirstRead(() -> runs[0]++);
        assertEquals(0, b.read(new byte[1], 0, 0));
        assertEquals(0, runs[0]);
        assertEquals(1, b.read(new byte[1], 0, 1));
        assertEquals(1, b.read(new byte[1], 0, 1));
        assertEquals(1, runs[0], "once, before the first byte");
    }

    @Test
    void aClosedBodyRefusesReads() throws Exception {
        BodyInput b = body(Framing.sized(3), "abc");
        b.close();
        assertThrows(IOException.class, b::read);
        assertThrows(IOException.class, () -> b.read(new byte[1], 0, 1));
    }

    @Test
    void availableCountsOnlyBufferedBytesOfThisBody() throws Exception {
        HttpInput in = MemoryTransport.input("abcdefNEXT");
        BodyInput b = BodyInput.of(Framing.sized(6), in, LIMITS);
        assertEquals(0, b.available(), "nothing buffered before the first read");
        assertEquals('a', b.read());
        assertEquals(5, b.available(), "the next message's bytes are not this body's");
        assertEquals(0, body(Framing.NONE, "x").available());
    }

    @Test
    void drainReadsUpToItsLimitAndNoMore() throws Exception {
        assertTrue(body(Framing.sized(10), "0123456789").drain(10));
        assertFalse(body(Framing.sized(11), "0123456789a").drain(10));
        assertTrue(body(Framing.sized(0), "").drain(0));
        BodyInput done = body(Framing.sized(1), "x");
        done.readAllBytes();
        assertTrue(done.drain(0), "a body read to its end needs no drain");
        BodyInput waiting = body(Framing.sized(5), "hello");
        waiting.onFirstRead(() -> {
            throw new AssertionError("a drain must not send 100 Continue");
        });
        assertFalse(waiting.drain(100), "a client waiting for 100 Continue never sent its body");
        BodyInput big = body(Framing.sized(20_000), "x".repeat(20_000));
        assertTrue(big.drain(20_000), "more than one skip buffer");
        assertEquals(-1, big.read());
    }

    @Test
    void aDrainedBodyIsAtItsEndAndLeavesTheNextMessageAlone() throws Exception {
        BodyInput empty = body(Framing.sized(0), "GET");
        assertTrue(empty.drain(0), "nothing to drain");
        assertTrue(empty.isDone(), "an empty body is done once drained, without a read");
        BodyInput chunked = body(Framing.CHUNKED, "3\r\nabc\r\n0\r\n\r\nNEXT");
        assertFalse(chunked.isDone());
        assertTrue(chunked.drain(100), "a chunked body is drained by reading it to its last chunk");
        assertTrue(chunked.isDone());
        byte[] next = new byte[4];
        for (int got = 0; got < 4; ) {
            int n = chunked.in.read(next, got, 4 - got);
            assertTrue(n > 0, "the next message's bytes");
            got += n;
        }
        assertEquals("NEXT", new String(next, java.nio.charset.StandardCharsets.ISO_8859_1), "the next message stays in the buffer");
        BodyInput sized = body(Framing.sized(2), "abNEXT");
        assertTrue(sized.drain(10));
        assertTrue(sized.isDone());
        assertEquals(-1, sized.read());
        assertEquals('N', sized.in.read(), "the two bytes of the body were read, not left for the next message");
    }

    @Test
    void aBodyUpToTheCloseEndsWithTheStream() throws Exception {
        BodyInput b = body(Framing.UNTIL_CLOSE, "all of it");
        assertArrayEquals("all of it".getBytes(StandardCharsets.US_ASCII), b.readAllBytes());
        assertTrue(b.isDone());
    }

    @Test
    void chunkedTrailersAreKeptAndLimited() throws Exception {
        BodyInput.Chunked c = (BodyInput.Chunked) body(Framing.CHUNKED, "1\r\na\r\n0\r\nX-Sum: 1\r\n\r\n");
        assertNull(c.trailers());
        assertEquals("a", new String(c.readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("1", c.trailers().first("x-sum"));
        assertEquals(-1, c.read());
    }

    @Test
    void anEmptyChunkedBodyEndsAtTheFirstRead() throws Exception {
        BodyInput b = body(Framing.CHUNKED, "0\r\n\r\n");
        assertEquals(-1, b.read());
        assertTrue(b.isDone());
    }

    @Test
    void trailersMayFillTheHeaderLimitExactly() throws Exception {
        Limits eight = LIMITS.withMaxHeaderBytes(8);
        BodyInput.Chunked c = (BodyInput.Chunked) BodyInput.of(Framing.CHUNKED, MemoryTransport.input("0\r\nA: b\r\n\r\n"), eight);
        assertEquals(-1, c.read());
        assertEquals("b", c.trailers().first("A"));
        BodyInput over = BodyInput.of(Framing.CHUNKED, MemoryTransport.input("0\r\nA: bc\r\n\r\n"), eight);
        assertEquals(431, assertThrows(HttpProtocolException.class, over::read).status());
    }

    @Test
    void aNulWhereTheCrlfAfterAChunkBelongsIs400NotTheEnd() {
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> body(Framing.CHUNKED, "1\r\nx\u0000\n0\r\n\r\n").readAllBytes()).status());
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> body(Framing.CHUNKED, "1\r\nx\r\u00000\r\n\r\n").readAllBytes()).status());
    }

    @Test
    void chunkSizesAtTheirEdges() throws Exception {
        assertEquals("abcdefghijklmnop", new String(body(Framing.CHUNKED, "10\r\nabcdefghijklmnop\r\n0\r\n\r\n").readAllBytes(),
                StandardCharsets.US_ASCII), "hex, not decimal");
        assertEquals("x", new String(body(Framing.CHUNKED, "1 ;ext\r\nx\r\n0\r\n\r\n").readAllBytes(), StandardCharsets.US_ASCII),
                "whitespace before an extension");
        assertEquals("x", new String(body(Framing.CHUNKED, "1\t;e=\"q\"\r\nx\r\n0\r\n\r\n").readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("x", new String(body(Framing.CHUNKED, "0001\r\nx\r\n0\r\n\r\n").readAllBytes(), StandardCharsets.US_ASCII));
        for (String bad : new String[] {"1\t\r\n", "\u0661\r\n", "1x\r\n"}) {
            assertEquals(400, assertThrows(HttpProtocolException.class, () -> body(Framing.CHUNKED, bad + "x\r\n0\r\n\r\n").readAllBytes())
                    .status(), bad);
        }
        String max = "7ffffffffffffff"; // 15 hex digits: fits, then refused by the body limit
        assertEquals(413, assertThrows(HttpProtocolException.class, () -> body(Framing.CHUNKED, max + "\r\nx").readAllBytes()).status());
        String longLine = "1;" + "e".repeat(5000);
        assertEquals(400, assertThrows(HttpProtocolException.class, () -> body(Framing.CHUNKED, longLine + "\r\nx\r\n0\r\n\r\n").readAllBytes())
                .status(), "a chunk-size line has at most 4096 bytes");
        assertThrows(EOFException.class, () -> body(Framing.CHUNKED, "").readAllBytes());
        assertThrows(EOFException.class, () -> body(Framing.CHUNKED, "1\r\nx\r").readAllBytes());
    }

    @Test
    void aChunkedBodyExactlyAtTheLimitIsAccepted() throws Exception {
        Limits ten = LIMITS.withMaxBody(10);
        BodyInput b = BodyInput.of(Framing.CHUNKED, MemoryTransport.input("4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n"), ten);
        assertEquals("abcdefghij", new String(b.readAllBytes(), StandardCharsets.US_ASCII));
        BodyInput over = BodyInput.of(Framing.CHUNKED, MemoryTransport.input("4\r\nabcd\r\n7\r\nefghijk\r\n0\r\n\r\n"), ten);
        assertEquals(413, assertThrows(HttpProtocolException.class, over::readAllBytes).status());
    }

    @Test
    void outputBodiesWriteSingleBytesAndRefuseWritesAfterTheEnd() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 64);
        BodyOutput sized = BodyOutput.of(Framing.sized(2), out);
        sized.write('o');
        assertEquals(1, ((BodyOutput.Sized) sized).left());
        sized.write('k');
        assertEquals(0, ((BodyOutput.Sized) sized).left());
        assertFalse(sized.isClosed());
        sized.close();
        assertTrue(sized.isClosed());
        sized.close(); // twice is harmless
        assertThrows(IOException.class, () -> sized.write('!'));
        assertEquals(0, sink.size(), "buffered until flushed");
        sized.flush();
        assertEquals("ok", sink.toString(StandardCharsets.US_ASCII));
        BodyOutput none = BodyOutput.of(Framing.NONE, out);
        assertThrows(IOException.class, () -> none.write('x'), "a body of none takes no byte");
        BodyOutput chunked = BodyOutput.of(Framing.CHUNKED, out);
        chunked.write('z');
        chunked.close();
        chunked.close(); // the last chunk goes out once
        chunked.flush();
        assertEquals("ok1\r\nz\r\n0\r\n\r\n", sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aBodyUpToTheCloseWritesThroughAndTheDiscardingOneDropsAll() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 64);
        BodyOutput toClose = BodyOutput.of(Framing.UNTIL_CLOSE, out);
        toClose.write("raw".getBytes(StandardCharsets.US_ASCII));
        toClose.close();
        toClose.flush();
        assertEquals("raw", sink.toString(StandardCharsets.US_ASCII));
        BodyOutput head = BodyOutput.discarding();
        head.write("dropped".getBytes(StandardCharsets.US_ASCII));
        head.flush();
        head.close();
        assertEquals("raw", sink.toString(StandardCharsets.US_ASCII));
    }
}
