package io.shrapnel.net.dns;

/**
 * A resource record type (RFC 1035 §3.2.2 and later RFCs): a 16-bit code. Types this codec parses
 * have constants; any other code is still a valid type, kept as raw data ({@link RData.Unknown}).
 */
public record RecordType(int code) {
    public static final RecordType A = new RecordType(1);
    public static final RecordType NS = new RecordType(2);
    public static final RecordType CNAME = new RecordType(5);
    public static final RecordType SOA = new RecordType(6);
    public static final RecordType PTR = new RecordType(12);
    public static final RecordType MX = new RecordType(15);
    public static final RecordType TXT = new RecordType(16);
    public static final RecordType AAAA = new RecordType(28);
    public static final RecordType SRV = new RecordType(33);
    /** The EDNS0 pseudo-record (RFC 6891); {@link DnsMessage#edns()} carries it. */
    public static final RecordType OPT = new RecordType(41);
    public static final RecordType ANY = new RecordType(255);

    public RecordType {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("record type " + code + " is not a 16-bit code");
        }
    }

    public static RecordType of(int code) {
        return switch (code) {
            case 1 -> A;
            case 2 -> NS;
            case 5 -> CNAME;
            case 6 -> SOA;
            case 12 -> PTR;
            case 15 -> MX;
            case 16 -> TXT;
            case 28 -> AAAA;
            case 33 -> SRV;
            case 41 -> OPT;
            case 255 -> ANY;
            default -> new RecordType(code);
        };
    }

    /** The mnemonic ("AAAA"), or "TYPE" and the code (RFC 3597) for a type without one here. */
    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 41 -> "OPT";
            case 255 -> "ANY";
            default -> "TYPE" + code;
        };
    }
}
