package io.shrapnel.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** A source handing out {@code bytes} at most {@code chunk} at a time; counts the bytes read. */
    private static final class Chunks implements LineReader.Source {
        private final byte[] bytes;
        private final int chunk;
        int pos;

        Chunks(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - pos);
            System.arraycopy(bytes, pos, buf, off, n);
            pos += n;
            return n;
        }
    }

    private static List<String> lines(String input, int max, int chunk) throws IOException {
        LineReader r = new LineReader(new Chunks(input.getBytes(UTF_8), chunk), max);
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void linesEndWithLfOrCrLfWhateverTheReadsAre() throws IOException {
        for (int chunk = 1; chunk <= 12; chunk++) {
            assertEquals(List.of("ab", "", "c\td", "ünï", "last"), lines("ab\r\n\nc\td\r\nünï\nlast", 8, chunk), "chunk " + chunk);
        }
    }

    @Test
    void aLineOfExactlyTheLimitPassesWithOrWithoutCr() throws IOException {
        assertEquals(List.of("12345678", "12345678", "x"), lines("12345678\n12345678\r\nx\n", 8, 3));
        assertEquals(List.of("12345678"), lines("12345678\r\n", 8, 100));
        assertEquals(List.of("12345678", "y"), lines("12345678\r\ny\n", 8, 9)); // the CR arrives last in a full buffer
        assertEquals(List.of("1234567", "1234567"), lines("1234567\r\n1234567\n", 8, 9));
        assertEquals(List.of("a"), lines("a\n", 1, 1));
    }

    @Test
    void aLineOverTheLimitIsRefusedBeforeItsEndArrives() {
        Chunks endless = new Chunks("123456789".repeat(1000).getBytes(UTF_8), 4);
        LineReader r = new LineReader(endless, 8);
        LineReader.BadLine e = assertThrows(LineReader.BadLine.class, r::readLine);
        assertEquals("line longer than 8 bytes", e.getMessage());
        assertTrue(endless.pos <= 10, "read no more than the bound: " + endless.pos);
        assertThrows(LineReader.BadLine.class, () -> lines("123456789\n", 8, 100));
        assertThrows(LineReader.BadLine.class, () -> lines("12345678\r\r\n", 8, 100));
        assertThrows(LineReader.BadLine.class, () -> lines("12345678x", 8, 100));
    }

    @Test
    void bytesThatAreNotTextAreRefused() throws IOException {
        assertEquals("line is not UTF-8 text", assertThrows(LineReader.BadLine.class,
                () -> new LineReader(new Chunks(new byte[] {'a', (byte) 0xff, (byte) 0xfd, 1, '\n'}, 5), 64).readLine()).getMessage());
        assertEquals("line is not UTF-8 text", assertThrows(LineReader.BadLine.class,
                () -> new LineReader(new Chunks(new byte[] {(byte) 0xc3}, 5), 64).readLine()).getMessage());
        assertEquals("control character 0x1b in line", assertThrows(LineReader.BadLine.class, () -> lines("a\u001b[2Jb\n", 64, 64)).getMessage());
        assertEquals("control character 0x0 in line", assertThrows(LineReader.BadLine.class, () -> lines("\u0000\n", 64, 64)).getMessage());
        assertEquals("control character 0x7f in line", assertThrows(LineReader.BadLine.class, () -> lines("\u007f\n", 64, 64)).getMessage());
        assertEquals("control character 0xd in line", assertThrows(LineReader.BadLine.class, () -> lines("a\rb\n", 64, 64)).getMessage());
        assertEquals("control character 0x1f in line", assertThrows(LineReader.BadLine.class, () -> lines("\u001f\n", 64, 64)).getMessage());
        assertEquals(List.of(" ~"), assertDoesNotThrowLines(" ~\n"));
    }

    private static List<String> assertDoesNotThrowLines(String s) throws IOException {
        return lines(s, 64, 64);
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertNull(new LineReader(new Chunks(new byte[0], 1), 4).readLine());
        assertEquals(List.of("a"), lines("a\n", 4, 1));
    }

    @Test
    void aLimitBelowOneIsAMistake() {
        assertEquals("maxBytes must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new LineReader(new Chunks(new byte[0], 1), 0)).getMessage());
    }

    /** Random bytes cut anywhere: every outcome is a line within the bound, the end, or BadLine; never more. */
    @Test
    void randomInputEndsInLinesOrARefusal() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            byte[] bytes = new byte[random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(10);
                bytes[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : pick < 7 ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt(256);
            }
            LineReader r = new LineReader(new Chunks(bytes, 1 + random.nextInt(20)), 16);
            try {
                String line;
                int count = 0;
                while ((line = r.readLine()) != null) {
                    assertTrue(line.getBytes(UTF_8).length <= 16, line);
                    assertTrue(++count <= bytes.length + 1);
                }
            } catch (LineReader.BadLine expected) {
                // refused: the caller closes
            }
        }
    }
}
