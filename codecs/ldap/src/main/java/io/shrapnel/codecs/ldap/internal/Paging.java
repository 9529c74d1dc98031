package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Control;
import io.shrapnel.codecs.asn1.Asn1Exception;
import io.shrapnel.codecs.asn1.BerReader;
import io.shrapnel.codecs.asn1.DerWriter;
import java.util.List;

/**
 * The simple paged results control (RFC 2696): {@code SEQUENCE { size INTEGER, cookie OCTET STRING }}.
 *
 * <p>Threading: stateless.
 */
public final class Paging {
    private Paging() {}

    public static Control request(int size, byte[] cookie) {
        DerWriter w = new DerWriter();
        int seq = w.begin(io.shrapnel.codecs.asn1.Tag.SEQUENCE);
        w.writeInteger(size).writeOctetString(cookie);
        return new Control(Control.PAGED_RESULTS, false, w.end(seq).toByteArray());
    }

    /** The cookie of the server's paged results control; empty when the last page was sent. */
    public static byte[] cookie(List<Control> controls) throws Asn1Exception {
        Control c = Control.find(controls, Control.PAGED_RESULTS);
        if (c == null || c.value() == null) {
            return new byte[0];
        }
        BerReader seq = BerReader.ber(c.value()).readSequence();
        seq.readInteger();
        byte[] cookie = seq.readOctetString();
        seq.expectEnd();
        return cookie;
    }
}
