/** ASN.1: a BER decoder, a DER writer, and a reader of whole elements from coro connections. */
module io.shrapnel.codecs.asn1 {
    requires transitive io.shrapnel.net;

    exports io.shrapnel.codecs.asn1;
}
