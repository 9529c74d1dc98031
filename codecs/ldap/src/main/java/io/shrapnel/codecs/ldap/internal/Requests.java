package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Attribute;
import io.shrapnel.codecs.ldap.Control;
import io.shrapnel.codecs.ldap.Modification;
import io.shrapnel.codecs.ldap.SearchRequest;
import io.shrapnel.codecs.asn1.DerWriter;
import io.shrapnel.codecs.asn1.Tag;
import java.util.List;
import java.util.function.Consumer;

/**
 * Encodes LDAPMessages carrying requests (RFC 4511 4.2-4.14), each a whole frame.
 *
 * <p>Threading: stateless.
 */
public final class Requests {
    private static final Tag SIMPLE = Tag.context(0);
    private static final Tag SASL = Tag.contextConstructed(3);

    private Requests() {}

    /** {@code SEQUENCE { messageID, op, [0] controls OPTIONAL }} with {@code op} written by {@code body}. */
    public static byte[] message(int id, List<Control> controls, Consumer<DerWriter> body) {
        DerWriter w = new DerWriter(128);
        int msg = w.begin(Tag.SEQUENCE);
        w.writeInteger(id);
        body.accept(w);
        if (!controls.isEmpty()) {
            int cs = w.begin(Protocol.CONTROLS);
            for (Control c : controls) {
                int one = w.begin(Tag.SEQUENCE);
                w.writeUtf8String(Tag.OCTET_STRING, c.oid());
                if (c.critical()) {
                    w.writeBoolean(true);
                }
                if (c.value() != null) {
                    w.writeOctetString(c.value());
                }
                w.end(one);
            }
            w.end(cs);
        }
        return w.end(msg).toByteArray();
    }

    private static Consumer<DerWriter> op(Tag tag, Consumer<DerWriter> content) {
        return w -> {
            int mark = w.begin(tag);
            content.accept(w);
            w.end(mark);
        };
    }

    public static byte[] simpleBind(int id, String dn, byte[] password) {
        return message(id, List.of(), op(Protocol.BIND_REQUEST, w -> {
            w.writeInteger(3).writeUtf8String(Tag.OCTET_STRING, dn);
            w.writeOctetString(SIMPLE, password);
        }));
    }

    public static byte[] saslBind(int id, String mechanism, byte[] credentials) {
        return message(id, List.of(), op(Protocol.BIND_REQUEST, w -> {
            w.writeInteger(3).writeUtf8String(Tag.OCTET_STRING, "");
            int sasl = w.begin(SASL);
            w.writeUtf8String(Tag.OCTET_STRING, mechanism);
            if (credentials != null) {
                w.writeOctetString(credentials);
            }
            w.end(sasl);
        }));
    }

    public static byte[] unbind(int id) {
        return message(id, List.of(), w -> w.writeNull(Protocol.UNBIND_REQUEST));
    }

    public static byte[] abandon(int id, int target) {
        return message(id, List.of(), w -> w.writeInteger(Protocol.ABANDON_REQUEST, target));
    }

    public static byte[] search(int id, SearchRequest r, List<Control> controls) {
        return message(id, controls, op(Protocol.SEARCH_REQUEST, w -> {
            w.writeUtf8String(Tag.OCTET_STRING, r.base());
            w.writeEnumerated(r.scope().ordinal()).writeEnumerated(r.derefAliases());
            w.writeInteger(r.sizeLimit()).writeInteger(r.timeLimit()).writeBoolean(r.typesOnly());
            FilterCodec.encode(w, r.filter());
            int attrs = w.begin(Tag.SEQUENCE);
            for (String a : r.attributes()) {
                w.writeUtf8String(Tag.OCTET_STRING, a);
            }
            w.end(attrs);
        }));
    }

    private static void attribute(DerWriter w, Attribute a) {
        int seq = w.begin(Tag.SEQUENCE);
        w.writeUtf8String(Tag.OCTET_STRING, a.name());
        int set = w.begin(Tag.SET);
        for (byte[] v : a.values()) {
            w.writeOctetString(v);
        }
        w.end(set);
        w.end(seq);
    }

    public static byte[] modify(int id, String dn, List<Modification> changes) {
        return message(id, List.of(), op(Protocol.MODIFY_REQUEST, w -> {
            w.writeUtf8String(Tag.OCTET_STRING, dn);
            int all = w.begin(Tag.SEQUENCE);
            for (Modification m : changes) {
                int one = w.begin(Tag.SEQUENCE);
                w.writeEnumerated(m.op().ordinal());
                attribute(w, m.attribute());
                w.end(one);
            }
            w.end(all);
        }));
    }

    public static byte[] add(int id, String dn, List<Attribute> attributes) {
        return message(id, List.of(), op(Protocol.ADD_REQUEST, w -> {
            w.writeUtf8String(Tag.OCTET_STRING, dn);
            int all = w.begin(Tag.SEQUENCE);
            for (Attribute a : attributes) {
                attribute(w, a);
            }
            w.end(all);
        }));
    }

    public static byte[] delete(int id, String dn) {
        return message(id, List.of(), w -> w.writeUtf8String(Protocol.DELETE_REQUEST, dn));
    }

    public static byte[] modifyDn(int id, String dn, String newRdn, boolean deleteOldRdn, String newSuperior) {
        return message(id, List.of(), op(Protocol.MODIFY_DN_REQUEST, w -> {
            w.writeUtf8String(Tag.OCTET_STRING, dn).writeUtf8String(Tag.OCTET_STRING, newRdn).writeBoolean(deleteOldRdn);
            if (newSuperior != null) {
                w.writeUtf8String(Tag.context(0), newSuperior);
            }
        }));
    }

    public static byte[] compare(int id, String dn, String attribute, byte[] value) {
        return message(id, List.of(), op(Protocol.COMPARE_REQUEST, w -> {
            w.writeUtf8String(Tag.OCTET_STRING, dn);
            int ava = w.begin(Tag.SEQUENCE);
            w.writeUtf8String(Tag.OCTET_STRING, attribute).writeOctetString(value);
            w.end(ava);
        }));
    }

    public static byte[] extended(int id, String oid, byte[] value) {
        return message(id, List.of(), op(Protocol.EXTENDED_REQUEST, w -> {
            w.writeUtf8String(Tag.context(0), oid);
            if (value != null) {
                w.writeOctetString(Tag.context(1), value);
            }
        }));
    }
}
