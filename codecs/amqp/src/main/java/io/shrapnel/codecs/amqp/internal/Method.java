package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import java.util.Arrays;
import java.util.Map;

/**
 * One decoded (or to-be-encoded) method: its spec and its arguments in order, as {@code Integer}
 * (octet, short), {@code Long} (long, long long), {@code String} (short string), {@code byte[]}
 * (long string), {@code Boolean} (bit) or {@code Map} (table).
 */
public record Method(MethodSpec spec, Object[] args) {
    static final int NOT_IMPLEMENTED = 540;

    public static Method of(MethodSpec spec, Object... args) {
        if (args.length != spec.args.length()) {
            throw new IllegalArgumentException(spec + " takes " + spec.args.length() + " arguments, not " + args.length);
        }
        return new Method(spec, args);
    }

    public String str(int i) {
        return (String) args[i];
    }

    public int integer(int i) {
        return ((Number) args[i]).intValue();
    }

    public long longValue(int i) {
        return ((Number) args[i]).longValue();
    }

    public boolean bit(int i) {
        return (Boolean) args[i];
    }

    public byte[] bytes(int i) {
        return (byte[]) args[i];
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> table(int i) {
        return (Map<String, Object>) args[i];
    }

    /** Writes class id, method id and arguments (a method frame's payload). */
    public void encode(WireWriter w) {
        w.shortInt(spec.classId).shortInt(spec.methodId);
        String types = spec.args;
        int bits = 0;
        int bitCount = 0;
        for (int i = 0; i < types.length(); i++) {
            char t = types.charAt(i);
            if (t == 'b') {
                if (bitCount == 8) {
                    w.octet(bits);
                    bits = 0;
                    bitCount = 0;
                }
                bits |= ((Boolean) args[i] ? 1 : 0) << bitCount++;
                continue;
            }
            if (bitCount > 0) {
                w.octet(bits);
                bits = 0;
                bitCount = 0;
            }
            Object a = args[i];
            switch (t) {
                case 'o' -> w.octet(((Number) a).intValue());
                case 's' -> w.shortInt(((Number) a).intValue());
                case 'l' -> w.longInt(((Number) a).longValue());
                case 'L' -> w.longLong(((Number) a).longValue());
                case 'n' -> w.shortStr((String) a);
                case 'S' -> w.longStr((byte[]) a);
                default -> FieldTables.writeTable(w, table(i));
            }
        }
        if (bitCount > 0) {
            w.octet(bits);
        }
    }

    /** Reads a method frame's payload; unknown class/method ids fail with 540 NOT_IMPLEMENTED. */
    public static Method decode(WireReader r) throws AmqpProtocolException {
        int classId = r.shortInt();
        int methodId = r.shortInt();
        MethodSpec spec = MethodSpec.of(classId, methodId);
        if (spec == null) {
            throw new AmqpProtocolException(NOT_IMPLEMENTED, "unknown method " + classId + "." + methodId);
        }
        String types = spec.args;
        Object[] args = new Object[types.length()];
        int bits = 0;
        int bitCount = 8;
        for (int i = 0; i < types.length(); i++) {
            char t = types.charAt(i);
            if (t == 'b') {
                if (bitCount == 8) {
                    bits = r.octet();
                    bitCount = 0;
                }
                args[i] = (bits >> bitCount++ & 1) != 0;
                continue;
            }
            bitCount = 8;
            args[i] = switch (t) {
                case 'o' -> r.octet();
                case 's' -> r.shortInt();
                case 'l' -> r.longInt();
                case 'L' -> r.longLong();
                case 'n' -> r.shortStr();
                case 'S' -> r.longStr();
                default -> FieldTables.readTable(r);
            };
        }
        return new Method(spec, args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Method m && m.spec == spec && Arrays.deepEquals(m.args, args);
    }

    @Override
    public int hashCode() {
        return spec.hashCode() * 31 + Arrays.deepHashCode(args);
    }

    @Override
    public String toString() {
        return spec + Arrays.deepToString(args);
    }
}
