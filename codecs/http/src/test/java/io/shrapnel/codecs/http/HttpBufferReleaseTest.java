package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.ArrayPool;
import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The buffers of {@link HttpInput} and {@link HttpOutput}: taken lazily, given back only when empty. */
@ExtendWith(CoroTestExtension.class)
class HttpBufferReleaseTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void inputKeepsPipelinedBytesAndReleasesOnlyWhenEmpty() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ArrayPool pool = ArrayPool.current();
                HttpInput in = new HttpInput(new MemoryTransport(bytes("GET /a\r\nGET /b\r\n" + "x".repeat(2000) + "\r\n"), 4096), 8192, pool);
                assertFalse(in.holdsBuffer(), "nothing taken before the first read");
                assertEquals("GET /a", in.readLine(100, 414, "line"));
                assertTrue(in.holdsBuffer());
                assertFalse(in.release(), "pipelined bytes are kept");
                assertTrue(in.holdsBuffer());
                assertEquals("GET /b", in.readLine(100, 414, "line"));
                assertEquals("x".repeat(2000), in.readLine(4000, 414, "line"));
                int before = pool.idle(8192);
                assertTrue(in.release());
                assertFalse(in.holdsBuffer());
                assertEquals(before + 1, pool.idle(8192), "the buffer went back to the loop's pool");
                assertTrue(in.release(), "releasing twice is harmless");
                assertEquals(before + 1, pool.idle(8192));
                assertFalse(in.fill(), "at the end of the stream");
            });
        }
    }

    @Test
    void aLineLongerThanTheProbeArrivesWholeAfterARelease() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                String longLine = "y".repeat(3000);
                HttpInput in = new HttpInput(new MemoryTransport(bytes("a\r\n" + longLine + "\r\n"), 100_000), 8192, ArrayPool.current());
                assertTrue(in.release());
                assertFalse(in.holdsBuffer());
                assertEquals("a", in.readLine(100, 414, "line"));
                assertTrue(in.holdsBuffer(), "taken when bytes came");
                assertEquals(longLine, in.readLine(4000, 431, "line"));
                assertEquals(-1, in.read());
            });
        }
    }

    @Test
    void aReleasedInputWaitsWithTheProbeAndAFreshOneWithItsBuffer() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                byte[] data = new byte[5000];
                HttpInput fresh = new HttpInput(new MemoryTransport(data, 100_000), 8192, ArrayPool.current());
                assertTrue(fresh.fill());
                assertEquals(5000, fresh.buffered(), "never released: it reads into its buffer");
                HttpInput idle = new HttpInput(new MemoryTransport(data, 100_000), 8192, ArrayPool.current());
                assertTrue(idle.release());
                assertTrue(idle.fill());
                assertEquals(512, idle.buffered(), "after a release the wait reads into the 512 B probe");
                assertTrue(idle.holdsBuffer());
                idle.readFully(new byte[512], 0, 512);
                assertTrue(idle.fill(), "the rest follows into the buffer");
                assertEquals(4488, idle.buffered());
            });
        }
    }

    @Test
    void aLargeReadIntoAReleasedInputGoesStraightThrough() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                byte[] data = new byte[10_000];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) i;
                }
                HttpInput in = new HttpInput(new MemoryTransport(data, 100_000), 8192, ArrayPool.current());
                in.release();
                byte[] got = new byte[10_000];
                in.readFully(got, 0, got.length);
                assertArrayEquals(data, got);
                assertFalse(in.holdsBuffer(), "a read as large as the buffer needs none");
            });
        }
    }

    @Test
    void outputTakesItsBufferOnTheFirstSmallWriteAndGivesItBackWhenFlushed() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ArrayPool pool = ArrayPool.current();
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                HttpOutput out = new HttpOutput(sink::write, 64, pool);
                assertFalse(out.holdsBuffer());
                out.write(new byte[100]); // larger than the buffer: straight through
                assertFalse(out.holdsBuffer());
                out.writeLatin1("head");
                out.write('!');
                assertTrue(out.holdsBuffer());
                assertFalse(out.release(), "pending bytes are not dropped");
                out.flush();
                assertEquals(105, sink.size());
                int before = pool.idle(64);
                assertTrue(out.release());
                assertFalse(out.holdsBuffer());
                assertEquals(before + 1, pool.idle(64));
                out.write(bytes("again"), 0, 5);
                assertEquals(before, pool.idle(64), "the pooled buffer is taken again");
                out.flush();
                assertEquals("head!again", sink.toString(StandardCharsets.ISO_8859_1).substring(100));
            });
        }
    }

    @Test
    void aLoopsPoolReusesArraysAndOutsideACoroNothingIsKept() throws Exception {
        ArrayPool outside = ArrayPool.current();
        assertSame(ArrayPool.NONE, outside);
        byte[] a = outside.take(32);
        outside.give(a);
        assertEquals(0, outside.idle(32));
        assertNotSame(a, outside.take(32));
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ArrayPool pool = ArrayPool.current();
                assertSame(pool, ArrayPool.current(), "one pool per loop");
                byte[] b = pool.take(48);
                assertEquals(48, b.length);
                pool.give(b);
                assertSame(b, pool.take(48));
                assertEquals(32, pool.take(32).length, "another size gets its own array");
                for (int i = 0; i < ArrayPool.MAX_IDLE + 5; i++) {
                    pool.give(new byte[16]);
                }
                assertEquals(ArrayPool.MAX_IDLE, pool.idle(16), "a burst beyond the cap goes to the collector");
            });
        }
    }
}
