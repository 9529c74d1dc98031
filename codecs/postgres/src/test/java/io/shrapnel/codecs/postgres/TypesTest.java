package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every listed type, read in text (simple query, first extended run) and binary (cached statement). */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class TypesTest {
    /** The value of {@code expr} in text and in binary; asserts both formats agree and returns it. */
    private static Object both(PgConnection db, String expr) throws Exception {
        Object text = db.simpleQuery("select " + expr).get(0).one().get(0);
        String sql = "select " + expr + " where $1::int = 1";
        Object firstRun = db.query(sql, 1).one().get(0);
        Row cached = db.query(sql, 1).one();
        Object binary = cached.get(0);
        assertSameValue(text, firstRun, expr);
        assertSameValue(text, binary, expr + " (format " + cached.columns().get(0).format() + ")");
        return binary;
    }

    private static void assertSameValue(Object a, Object b, String what) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            assertArrayEquals(x, y, what);
        } else if (a instanceof List<?> x && b instanceof List<?> y) {
            assertTrue(Arrays.deepEquals(x.toArray(), y.toArray()), what);
        } else {
            assertEquals(a, b, what);
        }
    }

    private static void check(String expr, Object expected) throws Exception {
        Db.with(db -> {
            Object v = both(db, expr);
            if (expected instanceof byte[] e) {
                assertArrayEquals(e, (byte[]) v, expr);
            } else {
                assertEquals(expected, v, expr);
            }
            return null;
        });
    }

    @Test
    void numbersAndBooleans() throws Exception {
        Db.with(db -> {
            assertEquals(true, both(db, "true"));
            assertEquals(false, both(db, "false"));
            assertEquals((short) -32768, both(db, "(-32768)::int2"));
            assertEquals(Integer.MIN_VALUE, both(db, "(-2147483648)::int4"));
            assertEquals(Long.MAX_VALUE, both(db, "9223372036854775807::int8"));
            assertEquals(1.5f, both(db, "1.5::float4"));
            assertEquals(0.1, both(db, "0.1::float8"));
            assertEquals(Double.NaN, both(db, "'NaN'::float8"));
            assertEquals(Double.NEGATIVE_INFINITY, both(db, "'-Infinity'::float8"));
            assertEquals(4294967295L, both(db, "4294967295::oid"));
            return null;
        });
    }

    @Test
    void numericKeepsEveryDigitAndItsScale() throws Exception {
        Db.with(db -> {
            for (String n : List.of("0", "0.00", "1", "-1", "12345.678900", "0.0001", "-0.000012",
                    "100000000", "123456789012345678901234567890.123456789", "10000", "9999.9999", "1e20")) {
                assertEquals(new BigDecimal(n).setScale(Math.max(0, new BigDecimal(n).scale())),
                        both(db, "'" + n + "'::numeric"), n);
            }
            assertEquals(Double.NaN, both(db, "'NaN'::numeric"));
            assertEquals(Double.POSITIVE_INFINITY, both(db, "'Infinity'::numeric"));
            assertEquals(Double.NEGATIVE_INFINITY, both(db, "'-Infinity'::numeric"));
            return null;
        });
    }

    @Test
    void textTypesAndJson() throws Exception {
        Db.with(db -> {
            assertEquals("héllo, wörld ✓", both(db, "'héllo, wörld ✓'::text"));
            assertEquals("abc", both(db, "'abc'::varchar(10)"));
            assertEquals("ab  ", both(db, "'ab'::char(4)"));
            assertEquals("pg_class", both(db, "'pg_class'::name"));
            assertEquals("{\"a\": [1, 2]}", both(db, "'{\"a\":[1,2]}'::jsonb"));
            assertEquals("{\"a\":[1,2]}", both(db, "'{\"a\":[1,2]}'::json"));
            assertEquals("", both(db, "''::text"));
            return null;
        });
    }

    @Test
    void bytea() throws Exception {
        check("'\\x00ff7f80'::bytea", new byte[] {0, -1, 127, -128});
        check("''::bytea", new byte[0]);
    }

    @Test
    void datesAndTimes() throws Exception {
        Db.with(db -> {
            assertEquals(LocalDate.of(2024, 2, 29), both(db, "'2024-02-29'::date"));
            assertEquals(LocalDate.of(1999, 12, 31), both(db, "'1999-12-31'::date"));
            assertEquals(LocalDate.MAX, both(db, "'infinity'::date"));
            assertEquals(LocalDate.MIN, both(db, "'-infinity'::date"));
            assertEquals(LocalTime.of(23, 59, 59, 999_999_000), both(db, "'23:59:59.999999'::time"));
            assertEquals(LocalTime.MIDNIGHT, both(db, "'00:00'::time"));
            assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000),
                    both(db, "'2024-01-02 03:04:05.123456'::timestamp"));
            assertEquals(LocalDateTime.of(1970, 1, 1, 0, 0), both(db, "'1970-01-01'::timestamp"));
            assertEquals(LocalDateTime.MAX, both(db, "'infinity'::timestamp"));
            assertEquals(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC),
                    both(db, "'2024-01-02 03:04:05+02'::timestamptz"));
            assertEquals(OffsetDateTime.MIN, both(db, "'-infinity'::timestamptz"));
            return null;
        });
    }

    @Test
    void intervals() throws Exception {
        Db.with(db -> {
            assertEquals(new PgInterval(14, 3, 14_706_500_000L), both(db, "'1 year 2 months 3 days 04:05:06.5'::interval"));
            assertEquals(new PgInterval(-14, -3, -14_706_000_000L), both(db, "'-1 year -2 months -3 days -04:05:06'::interval"));
            assertEquals(new PgInterval(0, 0, 0), both(db, "'0'::interval"));
            assertEquals(new PgInterval(0, 14, 0), both(db, "'2 weeks'::interval"));
            PgInterval i = new PgInterval(14, 3, 14_706_500_000L);
            assertEquals("P1Y2M3DT4H5M6.5S", i.toString());
            assertEquals(i, db.query("select $1::interval", i).one().get(0));
            assertEquals("PT0S", new PgInterval(0, 0, 0).toString());
            return null;
        });
    }

    @Test
    void uuid() throws Exception {
        UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        check("'" + u + "'::uuid", u);
    }

    @Test
    void arraysOfEveryKindWithNulls() throws Exception {
        Db.with(db -> {
            assertEquals(Arrays.asList(1, null, 3), both(db, "array[1, null, 3]::int4[]"));
            assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L)), both(db, "array[[1,2],[3,4]]::int8[]"));
            assertEquals(Arrays.asList("a b", "with \"quotes\" and \\", null, "NULL", ""),
                    both(db, "array['a b', 'with \"quotes\" and \\', null, 'NULL', '']::text[]"));
            assertEquals(List.of(), both(db, "'{}'::int4[]"));
            assertEquals(List.of(true, false), both(db, "array[true, false]"));
            assertEquals(List.of(new BigDecimal("1.50"), new BigDecimal("-2.25")), both(db, "array[1.50, -2.25]::numeric[]"));
            assertEquals(List.of(LocalDate.of(2024, 1, 1)), both(db, "array['2024-01-01'::date]"));
            assertEquals(List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                    both(db, "array['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid]"));
            assertEquals(List.of(1.5, 2.5), both(db, "array[1.5, 2.5]::float8[]"));
            assertEquals(List.of("x", "y"), both(db, "array['x', 'y']::varchar[]"));
            assertEquals(List.of("{\"a\": 1}"), both(db, "array['{\"a\":1}'::jsonb]"));
            Object bytes = both(db, "array['\\x01'::bytea, '\\xff'::bytea]");
            assertArrayEquals(new byte[] {1}, (byte[]) ((List<?>) bytes).get(0));
            assertEquals(List.of(2, 3), both(db, "'[2:3]={2,3}'::int4[]"));
            return null;
        });
    }

    @Test
    void nullIsNullInEveryType() throws Exception {
        Db.with(db -> {
            for (String type : List.of("bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text",
                    "varchar", "bytea", "date", "time", "timestamp", "timestamptz", "interval", "uuid", "json",
                    "jsonb", "int4[]", "text[]")) {
                assertNull(both(db, "null::" + type), type);
            }
            Row r = db.query("select null::int4 n").one();
            assertTrue(r.isNull(0));
            assertNull(r.getString(0));
            assertNull(r.getBigDecimal(0));
            NullPointerException e = assertThrows(NullPointerException.class, () -> r.getInt(0));
            assertTrue(e.getMessage().contains("column 0 (n) is NULL"), e.getMessage());
            return null;
        });
    }

    @Test
    void unknownTypesArriveAsTextInBothPaths() throws Exception {
        Db.with(db -> {
            assertEquals("(1,2)", both(db, "point(1, 2)"));
            assertEquals("192.168.0.1", both(db, "'192.168.0.1'::inet"));
            assertEquals("12:00:00+02", both(db, "'12:00+02'::timetz"));
            assertEquals("<a/>", both(db, "'<a/>'::xml"));
            assertEquals("$1.50", both(db, "'1.5'::money"));
            assertEquals(List.of("(1,2)"), db.simpleQuery("select array[point(1,2)]").get(0).one().get(0) instanceof String s
                    ? List.of(s.substring(2, 7)) : List.of());
            return null;
        });
    }

    @Test
    void parametersOfEveryJavaKindRoundTrip() throws Exception {
        Db.with(db -> {
            UUID u = UUID.randomUUID();
            OffsetDateTime odt = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_000, ZoneOffset.ofHours(3));
            Object[][] cases = {
                {"int4", 42, 42}, {"int8", 1L << 40, 1L << 40}, {"int2", (short) 7, (short) 7},
                {"int2", (byte) 7, (short) 7}, {"bool", true, true}, {"bool", false, false},
                {"float8", 2.5, 2.5}, {"float4", 1.25f, 1.25f}, {"float8", Double.NaN, Double.NaN},
                {"numeric", new BigDecimal("-12.3400"), new BigDecimal("-12.3400")},
                {"numeric", new java.math.BigInteger("123456789012345678901"), new BigDecimal("123456789012345678901")},
                {"text", "it's \"fine\"", "it's \"fine\""}, {"uuid", u, u},
                {"date", LocalDate.of(2020, 2, 2), LocalDate.of(2020, 2, 2)},
                {"time", LocalTime.of(1, 2, 3), LocalTime.of(1, 2, 3)},
                {"timestamp", LocalDateTime.of(2020, 1, 1, 1, 1), LocalDateTime.of(2020, 1, 1, 1, 1)},
                {"timestamptz", odt, odt.withOffsetSameInstant(ZoneOffset.UTC)},
                {"timestamptz", odt.toInstant(), odt.withOffsetSameInstant(ZoneOffset.UTC)},
                {"timestamptz", odt.toZonedDateTime(), odt.withOffsetSameInstant(ZoneOffset.UTC)},
                {"interval", Duration.ofMinutes(90), new PgInterval(0, 0, 5_400_000_000L)},
                {"text", 'c', "c"},
                {"int4[]", List.of(1, 2), List.of(1, 2)}, {"int4[]", new int[] {3}, List.of(3)},
                {"int8[]", new long[] {4}, List.of(4L)},
                {"text[]", new String[] {"a,b", "{c}", null}, Arrays.asList("a,b", "{c}", null)},
                {"int4[]", List.of(List.of(1), List.of(2)), List.of(List.of(1), List.of(2))},
                {"bytea[]", List.of(new byte[] {5}), null},
            };
            for (Object[] c : cases) {
                Object got = db.query("select $1::" + c[0], c[1]).one().get(0);
                if (c[2] != null) {
                    assertEquals(c[2], got, c[0] + " " + c[1]);
                } else {
                    assertArrayEquals(new byte[] {5}, (byte[]) ((List<?>) got).get(0));
                }
            }
            byte[] blob = new byte[70_000];
            new java.util.Random(1).nextBytes(blob);
            assertArrayEquals(blob, (byte[]) db.query("select $1::bytea", (Object) blob).one().get(0));
            assertEquals(Instant.parse("2024-05-06T04:08:09.000123Z"),
                    ((OffsetDateTime) db.query("select $1::timestamptz", odt).one().get(0)).toInstant());
            return null;
        });
    }

    @Test
    void rowAccessorsSayWhatWentWrong() throws Exception {
        Db.with(db -> {
            Row r = db.query("select 1::int4 a, 'x'::text b, 2.5::numeric c, '7'::text d").one();
            assertEquals(1, r.getInt(0));
            assertEquals(1L, r.getLong(0));
            assertEquals(1.0, r.getDouble(0));
            assertEquals(new BigDecimal("2.5"), r.getBigDecimal(2));
            assertEquals(new BigDecimal("1"), r.getBigDecimal(0));
            assertEquals(7, r.getInt(3));
            assertEquals("x", r.get(1, String.class));
            assertEquals("x", r.getString("b"));
            assertEquals(4, r.size());
            ClassCastException cce = assertThrows(ClassCastException.class, () -> r.get(1, Integer.class));
            assertTrue(cce.getMessage().contains("column 1 (b, type oid 25) holds a java.lang.String"), cce.getMessage());
            IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> r.get(4));
            assertTrue(oob.getMessage().contains("column 4 of a row of 4 columns"), oob.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.get(-1));
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> r.get("zz"));
            assertTrue(none.getMessage().contains("no column named zz in [a, b, c, d]"), none.getMessage());
            Row bin = db.query("select '\\x0102'::bytea, 5::int4 where $1::int = 1", 1).one();
            Row bin2 = db.query("select '\\x0102'::bytea, 5::int4 where $1::int = 1", 1).one();
            assertEquals("\\x0102", bin2.getString(0));
            assertEquals("5", bin2.getString(1));
            assertEquals("\\x0102", bin.getString(0));
            IllegalStateException many = assertThrows(IllegalStateException.class,
                    () -> db.query("select generate_series(1, 2)").one());
            assertTrue(many.getMessage().contains("expected at most one row, got 2"), many.getMessage());
            return null;
        });
    }
}
