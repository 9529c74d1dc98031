package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkEncoderTest {
    private static List<Object[]> rows(Object[]... rows) {
        return List.of(rows);
    }

    @Test
    void headerTypesAndIndicators() {
        BulkEncoder.Chunk c = BulkEncoder.encode(0x01020304L, rows(new Object[] {null, 7L}, new Object[] {null, null}), 0, 1 << 20);
        assertEquals(2, c.rows());
        assertArrayEquals(new byte[] {(byte) 0xFA, 4, 3, 2, 1, (byte) 0x80, 0,
            (byte) 253, 0, 8, 0,                  // a column of NULLs only goes as VAR_STRING; BIGINT
            1, 0, 7, 0, 0, 0, 0, 0, 0, 0,         // NULL, value 7
            1, 1}, c.payload());                  // NULL, NULL
    }

    @Test
    void unsignedFlagTravelsWithTheType() {
        BulkEncoder.Chunk c = BulkEncoder.encode(1, rows(new Object[] {new BigInteger("18446744073709551615")}), 0, 100);
        assertArrayEquals(new byte[] {(byte) 0xFA, 1, 0, 0, 0, (byte) 0x80, 0, 8, (byte) 0x80,
            0, -1, -1, -1, -1, -1, -1, -1, -1}, c.payload());
    }

    @Test
    void aCommandEndsWhereAColumnChangesType() {
        List<Object[]> rows = rows(new Object[] {1}, new Object[] {null}, new Object[] {2}, new Object[] {3L}, new Object[] {4L});
        BulkEncoder.Chunk first = BulkEncoder.encode(1, rows, 0, 1 << 20);
        assertEquals(3, first.rows(), "Integer, NULL, Integer; then a Long");
        BulkEncoder.Chunk second = BulkEncoder.encode(1, rows, 3, 1 << 20);
        assertEquals(2, second.rows());
        assertEquals(8, second.payload()[7], "BIGINT");
        assertEquals(3, first.payload()[7], "INT");
    }

    @Test
    void aCommandEndsOnceItsPayloadReachesTheLimitButHoldsAtLeastOneRow() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new Object[] {"x".repeat(99)}); // 1 indicator + 1 length + 99 = 101 bytes a row
        }
        assertEquals(2, BulkEncoder.encode(1, rows, 0, 150).rows(), "the second row passes 150");
        assertEquals(1, BulkEncoder.encode(1, rows, 0, 101).rows(), "exactly at the limit: done");
        assertEquals(2, BulkEncoder.encode(1, rows, 0, 102).rows());
        assertEquals(1, BulkEncoder.encode(1, rows, 0, 1).rows(), "always one row");
        assertEquals(3, BulkEncoder.encode(1, rows, 7, 1 << 20).rows(), "from the middle to the end");
        assertEquals(7 + 2 + 3 * 101, BulkEncoder.encode(1, rows, 7, 1 << 20).payload().length);
    }

    @Test
    void rowsOfAnotherLengthAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BulkEncoder.encode(1, rows(new Object[] {1, 2}, new Object[] {1}), 0, 1 << 20));
        assertEquals("every row of a batch needs 2 parameter(s); one has 1", e.getMessage());
    }
}
