package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated input for the parsers that face the network: the request head, the whole server session,
 * chunked bodies and WebSocket frames. Inputs are built from the pieces a message is made of (so most
 * get deep into the parser) and then cut, repeated and garbled. Each property has a bounded number of
 * tries; jqwik keeps the seed of a failed try and runs it first next time (target/jqwik-database),
 * and any input that ever failed is kept below as an {@code @Example}.
 */
class HttpFuzzTest {
    private static final Limits LIMITS = Limits.defaults().withMaxBody(4096).withMaxHeaderBytes(2048)
            .withMaxRequestLine(512).withMaxHeaders(20);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    private static final List<String> HEAD_PIECES = List.of("GET", "POST", "HEAD", " ", "  ", "/", "/a?b=c", "*",
            "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "\r\n", "\n", "\r", ":", ": ", "Host", "x",
            "Content-Length", "Transfer-Encoding", "chunked", "gzip, chunked", "Connection", "close", "keep-alive",
            "Expect", "100-continue", "0", "5", "-1", "99999999999999999999", "\t", "\0", "\u00ff", "hello", ",");

    private static final List<String> CHUNK_PIECES = List.of("0", "1", "5", "a", "A", "ff", "fffffffffffffffff", ";",
            ";ext=1", "\r\n", "\n", "\r", "x", "hello", " ", "-", "Trailer: t", ":", "\0");

    @Provide
    Arbitrary<byte[]> heads() {
        return pieces(HEAD_PIECES, 60);
    }

    @Provide
    Arbitrary<byte[]> chunked() {
        return pieces(CHUNK_PIECES, 40);
    }

    /** Up to {@code max} pieces joined, sometimes with a few random bytes flipped, sometimes pure noise. */
    private static Arbitrary<byte[]> pieces(List<String> pieces, int max) {
        Arbitrary<byte[]> joined = Arbitraries.of(pieces).list().ofMaxSize(max)
                .map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> garbled = joined.flatMap(b -> Arbitraries.integers().between(0, 255).list().ofMaxSize(4)
                .map(flips -> {
                    byte[] c = b.clone();
                    for (int i = 0; i < flips.size() && c.length > 0; i++) {
                        c[(flips.get(i) * 31 + i) % c.length] = (byte) (int) flips.get(i);
                    }
                    return c;
                }));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, joined), net.jqwik.api.Tuple.of(4, garbled), net.jqwik.api.Tuple.of(1, noise));
    }

    private static HttpInput input(byte[] b) {
        return new HttpInput(new MemoryTransport(b, 7), 8192);
    }

    @Property(tries = 400)
    void aRequestHeadParsesOrFailsWithAnIoError(@ForAll("heads") byte[] wire) {
        try {
            HeadParser.RequestHead head = HeadParser.readRequest(input(wire), LIMITS);
            if (head != null) {
                assertTrue(head.headers().size() <= LIMITS.maxHeaders(), head.toString());
            }
        } catch (IOException expected) {
            // HttpProtocolException with a status, or the stream ended inside the head
        }
    }

    @Property(tries = 150)
    void theServerAnswersAnyInputWithWholeResponsesAndEnds(@ForAll("heads") byte[] wire) throws Exception {
        MemoryTransport t = new MemoryTransport(wire, 11);
        Handler echo = (req, res) -> res.send(req.bodyBytes());
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, echo, LIMITS).run());
        }
        String out = t.output();
        assertTrue(out.isEmpty() || out.startsWith("HTTP/1.1 "), out);
        Matcher m = STATUS.matcher(out);
        while (m.find()) {
            int status = Integer.parseInt(m.group(1));
            assertTrue(status == 100 || status == 200 || status >= 400 && status < 600 && status != 500, out);
        }
    }

    @Property(tries = 400)
    void aChunkedBodyIsReadWithinItsLimitOrFails(@ForAll("chunked") byte[] wire) {
        try {
            byte[] body = BodyInput.of(Framing.CHUNKED, input(wire), LIMITS).readAllBytes();
            assertTrue(body.length <= LIMITS.maxBody(), "body of " + body.length);
        } catch (IOException expected) {
            // malformed (400), too large (413), or cut short
        }
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> header = Arbitraries.of(
                new byte[] {(byte) 0x81, (byte) 0x85}, new byte[] {(byte) 0x82, (byte) 0xfe, 0, 5},
                new byte[] {(byte) 0x89, (byte) 0x80}, new byte[] {(byte) 0x88, (byte) 0x82},
                new byte[] {(byte) 0x01, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0x10, 0},
                new byte[] {(byte) 0x81, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 1},
                new byte[] {(byte) 0xf1, (byte) 0x80}, new byte[] {(byte) 0x83, (byte) 0x81}, new byte[] {(byte) 0x81, 0x05});
        Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return net.jqwik.api.Combinators.combine(header.list().ofMaxSize(4), rest).as((hs, r) -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (byte[] h : hs) {
                o.writeBytes(h);
                o.writeBytes(r);
            }
            return o.toByteArray();
        });
    }

    @Property(tries = 400)
    void aWebSocketFrameIsReadWithinItsLimitOrFails(@ForAll("frames") byte[] wire) {
        HttpInput in = input(wire);
        try {
            for (int i = 0; i < 10; i++) {
                WsFrame f = WsFrame.read(in, true, 64);
                assertTrue(f.payload().length <= 64, "payload of " + f.payload().length);
            }
        } catch (IOException expected) {
            // a protocol violation (close code), or the stream ended
        }
    }

    // Inputs kept from earlier runs and hand-made hostile ones: each must keep passing.

    @Example
    void aChunkSizeThatOverflowsALongIsRefused() {
        aChunkedBodyIsReadWithinItsLimitOrFails("fffffffffffffffff\r\nx\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Example
    void aWebSocketLengthWithItsTopBitSetIsRefused() {
        aWebSocketFrameIsReadWithinItsLimitOrFails(new byte[] {(byte) 0x82, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    }

    @Example
    void aHeadOfOnlyLineEndsEndsTheSession() throws Exception {
        theServerAnswersAnyInputWithWholeResponsesAndEnds("\r\n\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
}
