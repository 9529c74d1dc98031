package io.shrapnel.codecs.ldap;

/** A request or response control (RFC 4511 4.1.11); {@code value} may be null. */
public record Control(String oid, boolean critical, byte[] value) {
    /** The paged results control (RFC 2696). */
    public static final String PAGED_RESULTS = "1.2.840.113556.1.4.319";

    /** The control with {@code oid} in {@code controls} (of a result or an entry), or null. */
    public static Control find(java.util.List<Control> controls, String oid) {
        for (Control c : controls) {
            if (c.oid.equals(oid)) {
                return c;
            }
        }
        return null;
    }
}
