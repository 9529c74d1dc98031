package io.shrapnel.rpc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The chunked, newline-delimited JSON framing of etcd's watch stream: good, cut and hostile input. */
class JsonLinesTest {
    static JsonLines of(String wire, int max) {
        return new JsonLines(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), max);
    }

    static String chunk(String s) {
        return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
    }

    static List<String> readAll(JsonLines in) throws IOException {
        List<String> out = new ArrayList<>();
        for (String s; (s = in.next()) != null; ) {
            out.add(s);
        }
        return out;
    }

    @Test
    void objectsSplitAcrossChunksAndSeveralInOne() throws IOException {
        String wire = chunk("{\"a\":1}\n{\"b\"") + chunk(":2}\n") + "3;ext=1\r\n\n\n\n\r\n" + chunk("{}\n") + "0\r\n\r\n";
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{}"), readAll(of(wire, 100)));
    }

    @Test
    void cleanEndWithoutObjectsIsNull() throws IOException {
        assertNull(of("0\r\n\r\n", 10).next());
    }

    @Test
    void badInputIsAClearIOException() {
        assertThrows(EOFException.class, () -> readAll(of("", 10)));
        assertThrows(EOFException.class, () -> readAll(of("5\r\n{\"a\"", 10)));
        assertThrows(EOFException.class, () -> readAll(of(chunk("{\"a\"") + "0\r\n\r\n", 10)));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("zz\r\n{}\n\r\n", 10))).getMessage().contains("bad chunk size"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("\r\n", 10))).getMessage().contains("bad chunk size"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("3\n{}\n\r\n", 10))).getMessage().contains("CRLF"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("3\r\n{}\nXY", 10))).getMessage().contains("not followed by CRLF"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("1000000000000000\r\n", 10))).getMessage().contains("bad chunk size"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("1" + ";x".repeat(600) + "\r\n", 10))).getMessage()
                .contains("chunk-size line is longer"));
        assertTrue(assertThrows(IOException.class, () -> readAll(of(chunk("x".repeat(50) + "\n"), 10))).getMessage()
                .contains("longer than 10 bytes"));
    }

    @Test
    void limitsAreExact() throws IOException {
        assertEquals(List.of("x".repeat(10)), readAll(of(chunk("x".repeat(10) + "\n") + "0\r\n\r\n", 10)));
        assertThrows(IOException.class, () -> readAll(of(chunk("x".repeat(11) + "\n") + "0\r\n\r\n", 10)));
        String sizeLine = "3;" + "e".repeat(JsonLines.MAX_SIZE_LINE - 3) + "\r\n"; // 1024 bytes before the LF
        assertEquals(List.of("{}"), readAll(of(sizeLine + "{}\n\r\n0\r\n\r\n", 10)));
        assertThrows(IOException.class, () -> readAll(of("3;" + "e".repeat(JsonLines.MAX_SIZE_LINE - 2) + "\r\n{}\n\r\n", 10)));
        assertEquals(List.of("{}"), readAll(of("000000000000003\r\n{}\n\r\n0\r\n\r\n", 10)));
    }

    @Test
    void nulBytesAreDataNotTheEnd() throws IOException {
        assertEquals(List.of("{\0}"), readAll(of(chunk("{\0}\n") + "0\r\n\r\n", 10)));
        assertTrue(assertThrows(IOException.class, () -> readAll(of("\0\r\n", 10))).getMessage().contains("bad chunk size"));
    }

    @Property(tries = 200)
    void anySplitIntoChunksGivesTheSameObjects(@ForAll("objects") List<String> objects, @ForAll("sizes") List<Integer> sizes)
            throws IOException {
        String body = String.join("\n", objects) + "\n";
        StringBuilder wire = new StringBuilder();
        int at = 0;
        for (int i = 0; at < body.length(); i++) {
            int n = Math.min(body.length() - at, sizes.get(i % sizes.size()));
            wire.append(chunk(body.substring(at, at + n)));
            at += n;
        }
        wire.append("0\r\n\r\n");
        assertEquals(objects, readAll(of(wire.toString(), 1000)));
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
