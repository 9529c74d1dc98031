package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body written from a ByteBuffer (how StaticFiles sends a file): each framing, and its checks. */
class BodyOutputBufferTest {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final HttpOutput out = new HttpOutput(wire::write, 16);

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    private String sent() throws IOException {
        out.flush();
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aSizedBodyTakesBuffersUpToItsLengthAndNoMore() throws Exception {
        BodyOutput body = BodyOutput.of(Framing.sized(12), out);
        body.write(direct("0123456789"));
        IOException longer = assertThrows(IOException.class, () -> body.write(direct("abc")));
        assertTrue(longer.getMessage().contains("longer than its Content-Length: 3 bytes more with 2 left"), longer.getMessage());
        body.write(direct("ab"));
        body.close();
        assertEquals("0123456789ab", sent());
    }

    @Test
    void aSizedBodyLeftShortIsAnError() throws Exception {
        BodyOutput body = BodyOutput.of(Framing.sized(5), out);
        body.write(direct("abcd"));
        IOException shortBy = assertThrows(IOException.class, body::close);
        assertTrue(shortBy.getMessage().contains("1 bytes short"), shortBy.getMessage());
    }

    @Test
    void aChunkedBodyFramesABufferAsOneChunk() throws Exception {
        BodyOutput body = new BodyOutput.Chunked(out);
        body.write(direct("hello, world"));
        body.close();
        assertEquals("c\r\nhello, world\r\n0\r\n\r\n", sent());
    }

    @Test
    void anEmptyBufferWritesNothingAndAClosedBodyRefusesMore() throws Exception {
        BodyOutput body = new BodyOutput.Chunked(out);
        body.write(ByteBuffer.allocate(0));
        assertEquals("", sent(), "an empty buffer is not an empty chunk (that would end the body)");
        body.close();
        IOException closed = assertThrows(IOException.class, () -> body.write(direct("x")));
        assertTrue(closed.getMessage().contains("already complete"), closed.getMessage());
        assertEquals("0\r\n\r\n", sent());
    }

    @Test
    void aBodyUpToTheCloseAndADiscardedOneTakeBuffers() throws Exception {
        BodyOutput body = new BodyOutput.UntilClose(out);
        body.write(direct("raw bytes"));
        body.close();
        assertEquals("raw bytes", sent());
        BodyOutput head = BodyOutput.discarding();
        ByteBuffer b = direct("dropped");
        head.write(b);
        assertEquals(0, b.remaining(), "a discarded buffer is still consumed");
    }
}
