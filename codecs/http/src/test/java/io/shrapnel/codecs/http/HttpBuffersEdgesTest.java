package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.ArrayPool;
import io.shrapnel.codecs.http.internal.ByteSink;
import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The read and write buffers at their edges: full buffers, exact limits, counts, and the pool's cap. */
@ExtendWith(CoroTestExtension.class)
class HttpBuffersEdgesTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpInput input(String s, int piece, int size) {
        return new HttpInput(new MemoryTransport(bytes(s), piece), size);
    }

    @Test
    void aLineExactlyAtItsLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        assertEquals("abc", input("abc\r\n", 2, 64).readLine(5, 414, "line"));
        HttpProtocolException e = assertThrows(HttpProtocolException.class, () -> input("abcd\r\n", 2, 64).readLine(5, 414, "request line"));
        assertEquals(414, e.status());
        assertEquals("request line is longer than 5 bytes", e.getMessage());
        assertEquals(431, assertThrows(HttpProtocolException.class, () -> input("abcd\r\n", 64, 64).readLine(5, 431, "x")).status());
    }

    @Test
    void aLimitAboveTheBufferIsCutToTheBuffer() throws Exception {
        HttpInput in = input("x".repeat(20) + "\r\n", 3, 16);
        HttpProtocolException e = assertThrows(HttpProtocolException.class, () -> in.readLine(1000, 431, "line"));
        assertEquals("line is longer than 16 bytes", e.getMessage());
        assertEquals("abcdefghijklmn", input("abcdefghijklmn\r\n", 3, 16).readLine(1000, 431, "line"), "16 bytes fill the buffer exactly");
    }

    @Test
    void linesAfterOthersMoveToTheFrontOfTheBuffer() throws Exception {
        // 10-byte lines in a 16-byte buffer: the second line starts mid-buffer and must be compacted to fit
        HttpInput in = input("12345678\r\nabcdefgh\r\nABCDEFGH\r\n", 7, 16);
        assertEquals("12345678", in.readLine(16, 431, "line"));
        assertEquals("abcdefgh", in.readLine(16, 431, "line"));
        assertEquals("ABCDEFGH", in.readLine(16, 431, "line"));
        assertNull(in.readLine(16, 431, "line"));
        assertEquals(30, in.count());
    }

    @Test
    void theEndOfTheStreamInsideALineIsAnEofErrorAndBeforeItNull() throws Exception {
        EOFException e = assertThrows(EOFException.class, () -> input("abc", 2, 64).readLine(64, 431, "status line"));
        assertEquals("the stream ended inside the status line", e.getMessage());
        HttpInput in = input("a\r\n", 2, 64);
        assertEquals("a", in.readLine(64, 431, "line"));
        assertNull(in.readLine(64, 431, "line"));
        assertFalse(in.fill());
    }

    @Test
    void aLineCutByTheEndOfTheStreamFailsAgainWhenReadAgain() {
        HttpInput in = input("abc", 2, 64);
        assertThrows(EOFException.class, () -> in.readLine(64, 431, "line"));
        assertThrows(EOFException.class, () -> in.readLine(64, 431, "line"), "the end of the stream is remembered");
        assertEquals(3, in.buffered());
    }

    @Test
    void bareCrAndLfAreNamedInTheError() {
        HttpProtocolException lf = assertThrows(HttpProtocolException.class, () -> input("\n", 2, 64).readLine(64, 431, "head"));
        assertEquals("head ends in a bare LF; HTTP lines end in CRLF", lf.getMessage());
        HttpProtocolException cr = assertThrows(HttpProtocolException.class, () -> input("a\rb\r\n", 9, 64).readLine(64, 431, "head"));
        assertEquals("head holds a bare CR", cr.getMessage());
        assertEquals(400, cr.status());
    }

    @Test
    void countsFollowEveryKindOfRead() throws Exception {
        HttpInput in = input("ab\r\ncdefghijklmnop", 4, 64);
        in.resetCount();
        assertEquals("ab", in.readLine(64, 431, "l"));
        assertEquals(4, in.count());
        assertEquals('c', in.read());
        assertEquals(5, in.count());
        byte[] two = new byte[2];
        in.readFully(two, 0, 2);
        assertArrayEquals(bytes("de"), two);
        assertEquals(7, in.count());
        in.readFully(new byte[3], 0, 3);
        assertEquals(10, in.count());
        in.resetCount();
        assertEquals(0, in.count());
        int total = 0;
        for (int n; (n = in.read(new byte[100], 0, 100)) > 0; ) {
            total += n;
            assertEquals(total, in.count(), "buffered and direct reads alike");
        }
        assertEquals(8, total);
        assertEquals(-1, in.read());
        assertEquals(8, in.count(), "the end of the stream counts nothing");
        assertThrows(EOFException.class, () -> in.readFully(new byte[1], 0, 1));
    }

    @Test
    void aLargeReadWithNothingBufferedGoesStraightToTheSourceAndIsCounted() throws Exception {
        MemoryTransport t = new MemoryTransport(bytes("x".repeat(40)), 100);
        HttpInput in = new HttpInput(t, 16);
        byte[] dst = new byte[40];
        assertEquals(0, in.read(dst, 0, 0));
        assertEquals(40, in.read(dst, 0, 40));
        assertEquals(40, in.count());
        assertEquals(0, in.buffered());
        assertEquals(-1, in.read(dst, 0, 40));
        assertEquals(-1, in.read(dst, 0, 1));
    }

    @Test
    void aSmallReadTakesFromTheBufferAndLeavesTheRest() throws Exception {
        HttpInput in = input("0123456789", 10, 64);
        byte[] dst = new byte[4];
        assertEquals(4, in.read(dst, 0, 4));
        assertEquals(6, in.buffered());
        assertEquals(4, in.count());
        assertEquals(2, in.read(dst, 1, 2));
        assertArrayEquals(bytes("0453"), dst);
    }

    @Test
    void releaseAndDiscardDropTheBuffer() throws Exception {
        HttpInput in = input("ab", 2, 64);
        assertTrue(in.holdsBuffer());
        assertEquals('a', in.read());
        assertFalse(in.release(), "a byte is still buffered");
        in.discard();
        assertFalse(in.holdsBuffer());
        assertEquals(0, in.buffered());
    }

    /** A sink that records each write's length. */
    private static final class Calls implements ByteSink {
        final List<Integer> lengths = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(byte[] buf, int off, int len) {
            lengths.add(len);
            bytes.write(buf, off, len);
        }
    }

    @Test
    void writesThatFillTheBufferExactlyStayUntilFlushed() throws Exception {
        Calls c = new Calls();
        HttpOutput out = new HttpOutput(c, 8);
        out.write(bytes("1234"));
        out.write(bytes("5678"));
        assertEquals(8, out.pending());
        assertEquals(List.of(), c.lengths);
        out.write('9');
        assertEquals(List.of(8), c.lengths, "a full buffer goes out before the next byte");
        assertEquals(1, out.pending());
        out.flush();
        out.flush();
        assertEquals(List.of(8, 1), c.lengths, "nothing pending, nothing written");
        assertEquals("123456789", c.bytes.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void latin1TextFillsTheBufferOrGoesStraightThrough() throws Exception {
        Calls c = new Calls();
        HttpOutput out = new HttpOutput(c, 8);
        out.writeLatin1("abcd");
        out.writeLatin1("efgh");
        assertEquals(List.of(), c.lengths, "exactly full");
        out.writeLatin1("ij");
        assertEquals(List.of(8), c.lengths);
        out.writeLatin1("0123456789\u00e9");
        assertEquals(List.of(8, 2, 11), c.lengths, "longer than the buffer: what is pending, then the text");
        assertEquals("abcdefghij0123456789\u00e9", c.bytes.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, out.pending());
    }

    @Test
    void aWriteThatDoesNotFitFlushesFirstThenBuffers() throws Exception {
        Calls c = new Calls();
        HttpOutput out = new HttpOutput(c, 8);
        out.write(bytes("12345"));
        out.write(bytes("abcdefg")); // 7 bytes: does not fit after 5, smaller than the buffer
        assertEquals(List.of(5), c.lengths);
        assertEquals(7, out.pending());
        out.write(bytes("12345678"), 2, 1);
        assertEquals(8, out.pending());
        out.flush();
        assertEquals("12345abcdefg3", c.bytes.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aReleasedOutputTakesABufferAgainAndADiscardedOneDropsWhatIsPending() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Calls c = new Calls();
                ArrayPool pool = ArrayPool.current();
                HttpOutput out = new HttpOutput(c, 4096, pool);
                assertTrue(out.release(), "nothing taken yet");
                out.write('a');
                assertFalse(out.release(), "a byte is pending");
                out.discard();
                assertFalse(out.holdsBuffer());
                assertEquals(0, out.pending());
                out.flush();
                assertEquals(List.of(), c.lengths, "the discarded byte never goes out");
            });
        }
    }

    @Test
    void aPoolKeepsAtMostItsCapPerSizeAndHandsBackWhatItKept() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ArrayPool pool = ArrayPool.current();
                int size = 12_345; // a size no connection uses
                assertEquals(0, pool.idle(size));
                byte[] first = pool.take(size);
                assertEquals(size, first.length);
                pool.give(first);
                assertEquals(1, pool.idle(size));
                assertTrue(first == pool.take(size), "the array given back is handed out again");
                assertEquals(0, pool.idle(size));
                for (int i = 0; i < ArrayPool.MAX_IDLE + 3; i++) {
                    pool.give(new byte[size]);
                }
                assertEquals(ArrayPool.MAX_IDLE, pool.idle(size));
                assertEquals(0, pool.idle(size + 1));
            });
        }
        ArrayPool.NONE.give(new byte[7]);
        assertEquals(0, ArrayPool.NONE.idle(7), "the pool outside a coro keeps nothing");
    }
}
