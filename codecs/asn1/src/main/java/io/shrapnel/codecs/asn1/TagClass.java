package io.shrapnel.codecs.asn1;

/** The two class bits of an ASN.1 identifier octet, in wire order (X.690 8.1.2.2). */
public enum TagClass {
    UNIVERSAL, APPLICATION, CONTEXT, PRIVATE
}
