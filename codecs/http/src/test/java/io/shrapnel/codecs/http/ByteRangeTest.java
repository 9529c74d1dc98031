package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The Range header of a static file (RFC 9110 14.1.2), at the edges of the file. */
class ByteRangeTest {
    @Test
    void rangesInsideTheFile() {
        assertArrayEquals(new long[] {0, 0}, ByteRange.parse("bytes=0-0", 10));
        assertArrayEquals(new long[] {2, 5}, ByteRange.parse(" BYTES= 2 - 5 ", 10));
        assertArrayEquals(new long[] {9, 9}, ByteRange.parse("bytes=9-9", 10));
        assertArrayEquals(new long[] {3, 9}, ByteRange.parse("bytes=3-", 10));
    }

    @Test
    void aRangePastTheEndIsCutToTheFileOrUnsatisfiable() {
        assertArrayEquals(new long[] {5, 9}, ByteRange.parse("bytes=5-10", 10), "last one past the end");
        assertArrayEquals(new long[] {5, 9}, ByteRange.parse("bytes=5-999999", 10));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=10-", 10), "first byte just past the end");
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=10-20", 10));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0), "an empty file has no bytes");
    }

    @Test
    void suffixRanges() {
        assertArrayEquals(new long[] {7, 9}, ByteRange.parse("bytes=-3", 10));
        assertArrayEquals(new long[] {0, 9}, ByteRange.parse("bytes=-10", 10));
        assertArrayEquals(new long[] {0, 9}, ByteRange.parse("bytes=-11", 10), "longer than the file: all of it");
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 10));
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-5", 0));
    }

    @Test
    void headersToIgnoreGiveTheWholeFile() {
        for (String h : new String[] {"items=0-1", "bytes=0-1,3-4", "bytes=5", "bytes=5-2", "bytes=a-3", "bytes=1-b",
                "bytes=-", "bytes=+1-2", "bytes=1234567890123456789-", "bytes=/-1", "bytes=:-1", "bytes=0-:", "bytes=0-/"}) {
            assertNull(ByteRange.parse(h, 10), h);
        }
        assertArrayEquals(new long[] {0, 5}, ByteRange.parse("bytes=0-5", 123456789012345678L), "18 digits are fine");
        assertArrayEquals(new long[] {123456789012345677L, 123456789012345677L},
                ByteRange.parse("bytes=123456789012345677-", 123456789012345678L));
    }
}
