package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.codecs.http.internal.ByteSink;
import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpOutputTest {
    /** Records each call: "w<n>" for a write, "g<a>+<b>" for a gathered pair. */
    private static final class Recorder implements ByteSink {
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(byte[] buf, int off, int len) {
            calls.add("w" + len);
            bytes.write(buf, off, len);
        }

        @Override
        public void write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
            calls.add("g" + aLen + "+" + bLen);
            bytes.write(a, aOff, aLen);
            bytes.write(b, bOff, bLen);
        }
    }

    @Test
    void smallWritesCollectAndALargeOneGoesOutWithWhatIsPending() throws Exception {
        Recorder r = new Recorder();
        HttpOutput out = new HttpOutput(r, 16);
        out.writeLatin1("HEAD\r\n");
        out.write("abc".getBytes());
        byte[] big = "0123456789abcdefghij".getBytes();
        out.write(big);
        out.write("tail".getBytes());
        out.flush();
        assertEquals(List.of("g9+20", "w4"), r.calls);
        assertEquals("HEAD\r\nabc0123456789abcdefghijtail", r.bytes.toString());
    }

    @Test
    void aLargeWriteWithNothingPendingIsOneWrite() throws Exception {
        Recorder r = new Recorder();
        HttpOutput out = new HttpOutput(r, 16);
        out.write(new byte[40]);
        out.write("x".repeat(10).getBytes());
        out.write("y".repeat(10).getBytes()); // does not fit: the 10 pending go first
        out.flush();
        assertEquals(List.of("w40", "w10", "w10"), r.calls);
    }

    /** A sink that keeps the default (copying) buffer write: records what that default hands on. */
    @Test
    void aBufferGoesOutInOneCallWithWhatIsPendingAndTheDefaultSinkCopiesIt() throws Exception {
        Recorder r = new Recorder();
        HttpOutput out = new HttpOutput(r, 16);
        out.writeLatin1("HEAD\r\n");
        ByteBuffer body = ByteBuffer.allocateDirect(32).put("0123456789".getBytes()).flip();
        out.write(body);
        assertEquals(List.of("g6+10"), r.calls, "the pending head and the buffer in one gathered call");
        assertEquals(0, body.remaining(), "the buffer is consumed");
        assertEquals(0, out.pending());
        out.write(ByteBuffer.wrap("xyz".getBytes()));
        assertEquals(List.of("g6+10", "g0+3"), r.calls, "nothing pending: an empty first piece");
        assertEquals("HEAD\r\n0123456789xyz", r.bytes.toString());
    }

    /** A sink that takes buffers as they are (a socket): it sees the pending bytes and the buffer itself. */
    @Test
    void aSinkThatTakesBuffersGetsTheBufferItself() throws Exception {
        List<String> seen = new ArrayList<>();
        ByteSink sink = new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                seen.add("w" + len);
            }

            @Override
            public void write(byte[] a, int aOff, int aLen, ByteBuffer b) {
                seen.add(new String(a, aOff, aLen) + "|" + (b.isDirect() ? "direct " : "heap ") + b.remaining());
                b.position(b.limit());
            }
        };
        HttpOutput out = new HttpOutput(sink, 16);
        out.write("ab".getBytes());
        out.write(ByteBuffer.allocateDirect(64).limit(40));
        out.write(ByteBuffer.allocateDirect(8));
        assertEquals(List.of("ab|direct 40", "|direct 8"), seen);
    }
}
