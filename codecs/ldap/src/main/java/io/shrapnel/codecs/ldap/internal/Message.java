package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Attribute;
import io.shrapnel.codecs.ldap.Control;
import io.shrapnel.codecs.ldap.LdapResult;
import io.shrapnel.codecs.ldap.SearchEntry;
import io.shrapnel.codecs.asn1.Asn1Exception;
import io.shrapnel.codecs.asn1.BerLimits;
import io.shrapnel.codecs.asn1.BerReader;
import io.shrapnel.codecs.asn1.Tag;
import io.shrapnel.codecs.asn1.Tlv;
import java.util.ArrayList;
import java.util.List;

/**
 * One LDAPMessage from the server: its id, the protocol operation's tag and content, and the
 * response controls. The envelope is decoded on arrival; the operation's content when its
 * operation asks for it (in the caller's coro).
 *
 * <p>Threading: immutable once decoded; its content reader is for the one coro that takes it.
 */
public record Message(int id, Tag op, BerReader content, List<Control> controls) {
    public static Message decode(byte[] frame, BerLimits limits) throws Asn1Exception {
        BerReader top = BerReader.ber(frame, 0, frame.length, limits);
        BerReader seq = top.readSequence();
        top.expectEnd();
        long id = seq.readInteger();
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new Asn1Exception(0, "message id " + id + " out of range");
        }
        Tlv op = seq.next();
        if (!op.tag().constructed()) {
            throw new Asn1Exception(op.offset(), "primitive protocol operation " + op.tag() + " from the server");
        }
        List<Control> controls = List.of();
        if (seq.hasNext()) {
            controls = controls(seq.readConstructed(Protocol.CONTROLS));
        }
        seq.expectEnd();
        return new Message((int) id, op.tag(), seq.enter(op), controls);
    }

    private static List<Control> controls(BerReader r) throws Asn1Exception {
        List<Control> out = new ArrayList<>();
        while (r.hasNext()) {
            BerReader c = r.readSequence();
            String oid = c.readUtf8String(Tag.OCTET_STRING);
            boolean critical = c.peekTag() != null && c.peekTag().equals(Tag.BOOLEAN) && c.readBoolean();
            byte[] value = c.hasNext() ? c.readOctetString() : null;
            c.expectEnd();
            out.add(new Control(oid, critical, value));
        }
        return out;
    }

    /** The LDAPResult at the start of this response's content (the rest stays for the caller). */
    public LdapResult result() throws Asn1Exception {
        int code = content.readEnumerated();
        String matched = content.readUtf8String(Tag.OCTET_STRING);
        String diagnostic = content.readUtf8String(Tag.OCTET_STRING);
        List<String> referrals = List.of();
        if (content.hasNext() && Protocol.REFERRAL.equals(content.peekTag())) {
            referrals = uris(content.readConstructed(Protocol.REFERRAL));
        }
        return new LdapResult(code, matched, diagnostic, referrals, controls);
    }

    public static List<String> uris(BerReader r) throws Asn1Exception {
        List<String> out = new ArrayList<>();
        while (r.hasNext()) {
            out.add(r.readUtf8String(Tag.OCTET_STRING));
        }
        return out;
    }

    /** A SearchResultEntry's DN and attributes. */
    public SearchEntry entry() throws Asn1Exception {
        String dn = content.readUtf8String(Tag.OCTET_STRING);
        BerReader attrs = content.readSequence();
        List<Attribute> list = new ArrayList<>();
        while (attrs.hasNext()) {
            BerReader a = attrs.readSequence();
            String name = a.readUtf8String(Tag.OCTET_STRING);
            BerReader vals = a.readSet();
            List<byte[]> values = new ArrayList<>();
            while (vals.hasNext()) {
                values.add(vals.readOctetString());
            }
            list.add(new Attribute(name, values));
        }
        return new SearchEntry(dn, list, controls);
    }

    /** The optional element under {@code tag} that comes next in the content, or null. */
    public byte[] optional(Tag tag) throws Asn1Exception {
        return content.hasNext() && tag.equals(content.peekTag()) ? content.readOctetString(tag) : null;
    }
}
