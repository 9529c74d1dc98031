package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.codecs.amqp.Properties;
import java.time.Instant;

/**
 * A content header frame's payload: class id, weight, body size and the basic properties behind
 * their flag bits (bit 15 is the first property; only 14 exist, so one flag word suffices and a
 * continuation bit is refused).
 */
public record ContentHeader(int classId, long bodySize, Properties properties) {
    private static final int BASIC_CLASS = 60;

    public static void encode(WireWriter w, long bodySize, Properties p) {
        w.shortInt(BASIC_CLASS).shortInt(0).longLong(bodySize);
        int flags = 0;
        Object[] values = values(p);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                flags |= 1 << (15 - i);
            }
        }
        w.shortInt(flags);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            switch (i) {
                case 2 -> FieldTables.writeTable(w, p.headers());
                case 3, 4 -> w.octet((Integer) v);
                case 9 -> w.longLong(((Instant) v).getEpochSecond());
                default -> w.shortStr((String) v);
            }
        }
    }

    private static Object[] values(Properties p) {
        return new Object[] {p.contentType(), p.contentEncoding(), p.headers(), p.deliveryMode(), p.priority(),
            p.correlationId(), p.replyTo(), p.expiration(), p.messageId(), p.timestamp(), p.type(), p.userId(),
            p.appId(), p.clusterId()};
    }

    public static ContentHeader decode(WireReader r) throws AmqpProtocolException {
        int classId = r.shortInt();
        r.shortInt(); // weight, unused
        long bodySize = r.longLong();
        int flags = r.shortInt();
        if ((flags & 3) != 0) {
            throw new AmqpProtocolException(WireReader.SYNTAX_ERROR, "content header with property flags 0x"
                    + Integer.toHexString(flags) + ": class " + classId + " has 14 properties and no continuation");
        }
        Object[] v = new Object[14];
        for (int i = 0; i < 14; i++) {
            if ((flags & 1 << (15 - i)) == 0) {
                continue;
            }
            v[i] = switch (i) {
                case 2 -> FieldTables.readTable(r);
                case 3, 4 -> r.octet();
                case 9 -> r.timestamp();
                default -> r.shortStr();
            };
        }
        @SuppressWarnings("unchecked")
        Properties p = new Properties((String) v[0], (String) v[1], (java.util.Map<String, Object>) v[2],
                (Integer) v[3], (Integer) v[4], (String) v[5], (String) v[6], (String) v[7], (String) v[8],
                (Instant) v[9], (String) v[10], (String) v[11], (String) v[12], (String) v[13]);
        return new ContentHeader(classId, bodySize, p);
    }
}
