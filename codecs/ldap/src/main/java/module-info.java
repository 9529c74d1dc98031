/** An LDAPv3 client on coros. */
module io.shrapnel.codecs.ldap {
    requires transitive io.shrapnel.net;
    requires transitive io.shrapnel.codecs.asn1;

    exports io.shrapnel.codecs.ldap;
    // io.shrapnel.codecs.ldap.internal (wire codec, sessions, SCRAM) is not exported
}
