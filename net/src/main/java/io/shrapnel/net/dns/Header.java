package io.shrapnel.net.dns;

/**
 * The fixed part of a message (RFC 1035 §4.1.1), without the section counts (the lists of
 * {@link DnsMessage} carry those). {@code rcode} is the header's 4 bits; EDNS0 widens it
 * (see {@link DnsMessage#rcode()}).
 */
public record Header(int id, boolean response, int opcode, boolean authoritative, boolean truncated,
                     boolean recursionDesired, boolean recursionAvailable, boolean authenticData,
                     boolean checkingDisabled, int rcode) {
    public static final int OPCODE_QUERY = 0;

    public Header {
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("message id " + id + " is not in 0..65535");
        }
        if (opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("opcode " + opcode + " is not in 0..15");
        }
        if (rcode < 0 || rcode > 15) {
            throw new IllegalArgumentException("header rcode " + rcode
                    + " is not in 0..15; larger codes go in the EDNS0 record (Edns.extendedRcode)");
        }
    }

    /** The header of a standard query with recursion desired, as a stub resolver sends. */
    public static Header query(int id) {
        return new Header(id, false, OPCODE_QUERY, false, false, true, false, false, false, 0);
    }

    /** The 16 bits of flags as they go on the wire. */
    public int flags() {
        return (response ? 0x8000 : 0) | opcode << 11 | (authoritative ? 0x0400 : 0) | (truncated ? 0x0200 : 0)
                | (recursionDesired ? 0x0100 : 0) | (recursionAvailable ? 0x0080 : 0)
                | (authenticData ? 0x0020 : 0) | (checkingDisabled ? 0x0010 : 0) | rcode;
    }

    /** A header from its id and 16 bits of flags (the reserved Z bit is dropped). */
    public static Header fromFlags(int id, int flags) {
        return new Header(id, (flags & 0x8000) != 0, flags >> 11 & 0xf, (flags & 0x0400) != 0,
                (flags & 0x0200) != 0, (flags & 0x0100) != 0, (flags & 0x0080) != 0, (flags & 0x0020) != 0,
                (flags & 0x0010) != 0, flags & 0xf);
    }

    public Header withId(int newId) {
        return new Header(newId, response, opcode, authoritative, truncated, recursionDesired, recursionAvailable,
                authenticData, checkingDisabled, rcode);
    }

    /** This header turned into a response's: QR set, recursion available, {@code newRcode}. */
    public Header asResponse(int newRcode) {
        return new Header(id, true, opcode, false, false, recursionDesired, true, false, checkingDisabled, newRcode);
    }

    public Header withTruncated(boolean tc) {
        return new Header(id, response, opcode, authoritative, tc, recursionDesired, recursionAvailable,
                authenticData, checkingDisabled, rcode);
    }
}
