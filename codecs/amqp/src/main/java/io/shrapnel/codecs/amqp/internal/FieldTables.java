package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.codecs.amqp.FieldValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field tables and field arrays: the encoder writes RabbitMQ's tags (see {@link FieldValue}), the
 * decoder reads them plus the spec's {@code U} and {@code L}. Nesting is bounded by
 * {@link #MAX_DEPTH}, so a hostile peer cannot exhaust the stack.
 */
public final class FieldTables {
    /** Tables and arrays nested deeper than this are refused (RabbitMQ's own limit is far lower in practice). */
    public static final int MAX_DEPTH = 32;

    private FieldTables() {}

    public static void writeTable(WireWriter w, Map<String, ?> table) {
        writeTable(w, table, 0);
    }

    private static void writeTable(WireWriter w, Map<String, ?> table, int depth) {
        checkDepth(depth);
        int lengthAt = w.position();
        w.longInt(0);
        if (table != null) {
            for (Map.Entry<String, ?> e : table.entrySet()) {
                w.shortStr(e.getKey());
                writeValue(w, e.getValue(), depth);
            }
        }
        w.patchLongInt(lengthAt, w.position() - lengthAt - 4);
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("field tables nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static void writeValue(WireWriter w, Object v, int depth) {
        switch (v) {
            case null -> w.octet('V');
            case Boolean b -> w.octet('t').octet(b ? 1 : 0);
            case Byte b -> w.octet('b').octet(b);
            case FieldValue.UnsignedByte b -> w.octet('B').octet(b.value());
            case Short s -> w.octet('s').shortInt(s);
            case FieldValue.UnsignedShort s -> w.octet('u').shortInt(s.value());
            case Integer i -> w.octet('I').longInt(i);
            case FieldValue.UnsignedInt i -> w.octet('i').longInt(i.value());
            case Long l -> w.octet('l').longLong(l);
            case Float f -> w.octet('f').longInt(Float.floatToIntBits(f));
            case Double d -> w.octet('d').longLong(Double.doubleToLongBits(d));
            case BigDecimal d -> writeDecimal(w, d);
            case String s -> w.octet('S').longStr(s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> w.octet('x').longStr(b);
            case Instant t -> w.octet('T').longLong(t.getEpochSecond());
            case Map<?, ?> m -> {
                w.octet('F');
                @SuppressWarnings("unchecked")
                Map<String, ?> table = (Map<String, ?>) m;
                writeTable(w, table, depth + 1);
            }
            case List<?> list -> {
                checkDepth(depth + 1);
                w.octet('A');
                int lengthAt = w.position();
                w.longInt(0);
                for (Object item : list) {
                    writeValue(w, item, depth + 1);
                }
                w.patchLongInt(lengthAt, w.position() - lengthAt - 4);
            }
            default -> throw new IllegalArgumentException("no AMQP field type for " + v.getClass().getName()
                    + " (" + v + "); see FieldValue for the types that have one");
        }
    }

    private static void writeDecimal(WireWriter w, BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        if (d.scale() < 0 || d.scale() > 255 || unscaled.bitLength() > 31) {
            throw new IllegalArgumentException("an AMQP decimal has a scale of 0-255 and an int unscaled value: " + d);
        }
        w.octet('D').octet(d.scale()).longInt(unscaled.intValue());
    }

    public static Map<String, Object> readTable(WireReader r) throws AmqpProtocolException {
        return readTable(r, 0);
    }

    private static Map<String, Object> readTable(WireReader r, int depth) throws AmqpProtocolException {
        if (depth > MAX_DEPTH) {
            throw new AmqpProtocolException(WireReader.SYNTAX_ERROR,
                    "field table nested deeper than " + MAX_DEPTH + " levels");
        }
        WireReader t = r.slice(r.longInt(), "a field table");
        Map<String, Object> out = new LinkedHashMap<>();
        while (t.remaining() > 0) {
            String key = t.shortStr();
            out.put(key, readValue(t, depth));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object readValue(WireReader r, int depth) throws AmqpProtocolException {
        int tag = r.octet();
        return switch (tag) {
            case 't' -> r.octet() != 0;
            case 'b' -> (byte) r.octet();
            case 'B' -> new FieldValue.UnsignedByte(r.octet());
            case 's', 'U' -> (short) r.shortInt();
            case 'u' -> new FieldValue.UnsignedShort(r.shortInt());
            case 'I' -> (int) r.longInt();
            case 'i' -> new FieldValue.UnsignedInt(r.longInt());
            case 'l', 'L' -> r.longLong();
            case 'f' -> Float.intBitsToFloat((int) r.longInt());
            case 'd' -> Double.longBitsToDouble(r.longLong());
            case 'D' -> {
                int scale = r.octet();
                yield BigDecimal.valueOf((int) r.longInt(), scale);
            }
            case 'S' -> new String(r.longStr(), StandardCharsets.UTF_8);
            case 'x' -> r.longStr();
            case 'T' -> r.timestamp();
            case 'F' -> readTable(r, depth + 1);
            case 'A' -> readArray(r, depth + 1);
            case 'V' -> null;
            default -> throw new AmqpProtocolException(WireReader.SYNTAX_ERROR,
                    "unknown field type '" + (char) tag + "' (0x" + Integer.toHexString(tag) + ") at offset "
                            + (r.position() - 1));
        };
    }

    private static List<Object> readArray(WireReader r, int depth) throws AmqpProtocolException {
        if (depth > MAX_DEPTH) {
            throw new AmqpProtocolException(WireReader.SYNTAX_ERROR,
                    "field array nested deeper than " + MAX_DEPTH + " levels");
        }
        WireReader a = r.slice(r.longInt(), "a field array");
        List<Object> out = new ArrayList<>();
        while (a.remaining() > 0) {
            out.add(readValue(a, depth));
        }
        return Collections.unmodifiableList(out);
    }
}
