package io.shrapnel.rpc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The newline-delimited JSON of etcd's watch stream (the HTTP client undoes the chunked coding and
 * has its own tests for it): good, cut and oversized input, and reads that return any number of bytes.
 */
class JsonLinesTest {
    static JsonLines of(String body, int max) {
        return new JsonLines(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), max);
    }

    static List<String> readAll(JsonLines in) throws IOException {
        List<String> out = new ArrayList<>();
        for (String s; (s = in.next()) != null; ) {
            out.add(s);
        }
        return out;
    }

    /** An input stream that returns at most {@code sizes[i]} bytes from its i-th read (cycling). */
    static InputStream dribble(byte[] data, List<Integer> sizes) {
        return new InputStream() {
            int at;
            int call;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, sizes.get(call++ % sizes.size())), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    @Test
    void objectsOneALineEmptyLinesSkipped() throws IOException {
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{}"), readAll(of("{\"a\":1}\n{\"b\":2}\n\n\n{}\n", 100)));
    }

    @Test
    void cleanEndIsNull() throws IOException {
        assertNull(of("", 10).next());
        assertNull(of("\n\n", 10).next());
    }

    @Test
    void anObjectCutByTheEndIsAnEofError() {
        assertThrows(EOFException.class, () -> readAll(of("{\"a\"", 10)));
        assertThrows(EOFException.class, () -> readAll(of("{}\n{", 10)));
    }

    @Test
    void limitsAreExact() throws IOException {
        assertEquals(List.of("x".repeat(10)), readAll(of("x".repeat(10) + "\n", 10)));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("x".repeat(11) + "\n", 10))).getMessage()
                .contains("longer than 10 bytes"));
        assertThrows(IOException.class, () -> readAll(of("x".repeat(11), 10)));
        // across reads: the limit counts the whole object, not one read's share
        JsonLines split = new JsonLines(dribble(("x".repeat(11) + "\n").getBytes(StandardCharsets.US_ASCII), List.of(3)), 10);
        assertThrows(IOException.class, split::next);
        JsonLines fits = new JsonLines(dribble(("x".repeat(10) + "\n").getBytes(StandardCharsets.US_ASCII), List.of(3)), 10);
        assertEquals("x".repeat(10), fits.next());
    }

    @Test
    void nulBytesAndUtf8AreData() throws IOException {
        assertEquals(List.of("{\0}", "{\"é\":1}"), readAll(new JsonLines(new ByteArrayInputStream(
                "{\0}\n{\"é\":1}\n".getBytes(StandardCharsets.UTF_8)), 10)));
    }

    @Property(tries = 200)
    void anySplitIntoReadsGivesTheSameObjects(@ForAll("objects") List<String> objects, @ForAll("sizes") List<Integer> sizes)
            throws IOException {
        byte[] body = (String.join("\n", objects) + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(objects, readAll(new JsonLines(dribble(body, sizes), 1000)));
    }

    @Property(tries = 300)
    void randomBytesNeverFailOtherThanIoException(@ForAll byte[] junk) {
        JsonLines in = new JsonLines(new ByteArrayInputStream(junk), 64);
        try {
            readAll(in);
        } catch (IOException expected) {
            // a clear error: fine
        }
    }

    @Provide
    Arbitrary<List<String>> objects() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40).map(s -> "{" + s + "}")
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.integers().between(1, 20).list().ofMinSize(1).ofMaxSize(5);
    }
}
