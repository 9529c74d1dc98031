package io.shrapnel.net.dns;

/**
 * A response code: the header's 4 bits, widened to 12 by EDNS0 (RFC 6891 §6.1.3).
 */
public record Rcode(int code) {
    public static final Rcode NOERROR = new Rcode(0);
    public static final Rcode FORMERR = new Rcode(1);
    public static final Rcode SERVFAIL = new Rcode(2);
    public static final Rcode NXDOMAIN = new Rcode(3);
    public static final Rcode NOTIMP = new Rcode(4);
    public static final Rcode REFUSED = new Rcode(5);
    /** EDNS version not understood by the server (extended code). */
    public static final Rcode BADVERS = new Rcode(16);

    public Rcode {
        if (code < 0 || code > 0xfff) {
            throw new IllegalArgumentException("rcode " + code + " is not a 12-bit code");
        }
    }

    public static Rcode of(int code) {
        return code == 0 ? NOERROR : new Rcode(code);
    }

    @Override
    public String toString() {
        return switch (code) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 6 -> "YXDOMAIN";
            case 7 -> "YXRRSET";
            case 8 -> "NXRRSET";
            case 9 -> "NOTAUTH";
            case 10 -> "NOTZONE";
            case 16 -> "BADVERS";
            default -> "RCODE" + code;
        };
    }
}
