package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Filter;
import io.shrapnel.codecs.asn1.DerWriter;
import io.shrapnel.codecs.asn1.Tag;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Filter} in BER (RFC 4511 4.5.1.7). The sets of AND and OR keep the caller's
 * order: LDAP does not ask for DER's sorting.
 *
 * <p>Threading: stateless.
 */
public final class FilterCodec {
    private FilterCodec() {}

    public static void encode(DerWriter w, Filter f) {
        switch (f) {
            case Filter.And and -> list(w, 0, and.filters());
            case Filter.Or or -> list(w, 1, or.filters());
            case Filter.Not not -> {
                int mark = w.begin(Tag.contextConstructed(2));
                encode(w, not.filter());
                w.end(mark);
            }
            case Filter.Compare c -> {
                int mark = w.begin(Tag.contextConstructed(switch (c.match()) {
                    case EQUAL -> 3;
                    case GREATER_OR_EQUAL -> 5;
                    case LESS_OR_EQUAL -> 6;
                    case APPROX -> 8;
                }));
                w.writeUtf8String(Tag.OCTET_STRING, c.attribute()).writeOctetString(c.value());
                w.end(mark);
            }
            case Filter.Present p -> w.writeOctetString(Tag.context(7), p.attribute().getBytes(StandardCharsets.UTF_8));
            case Filter.Substring s -> {
                int mark = w.begin(Tag.contextConstructed(4));
                w.writeUtf8String(Tag.OCTET_STRING, s.attribute());
                int parts = w.begin(Tag.SEQUENCE);
                if (s.initial() != null) {
                    w.writeOctetString(Tag.context(0), s.initial());
                }
                for (byte[] a : s.any()) {
                    w.writeOctetString(Tag.context(1), a);
                }
                if (s.fin() != null) {
                    w.writeOctetString(Tag.context(2), s.fin());
                }
                w.end(parts);
                w.end(mark);
            }
            case Filter.Extensible e -> {
                int mark = w.begin(Tag.contextConstructed(9));
                if (e.matchingRule() != null) {
                    w.writeUtf8String(Tag.context(1), e.matchingRule());
                }
                if (e.attribute() != null) {
                    w.writeUtf8String(Tag.context(2), e.attribute());
                }
                w.writeOctetString(Tag.context(3), e.value());
                if (e.dnAttributes()) {
                    w.writeBoolean(Tag.context(4), true);
                }
                w.end(mark);
            }
        }
    }

    private static void list(DerWriter w, int tag, java.util.List<Filter> filters) {
        int mark = w.begin(Tag.contextConstructed(tag));
        for (Filter f : filters) {
            encode(w, f);
        }
        w.end(mark);
    }
}
