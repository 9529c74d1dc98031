package io.shrapnel.net.dns;

import java.io.IOException;

/**
 * A message that cannot be decoded: truncated, a length past the end, a compression-pointer loop,
 * a label or name over its limit, an RDATA that does not match its type. Says where it went wrong.
 */
public final class DnsFormatException extends IOException {
    private final int offset;

    public DnsFormatException(String message, int offset) {
        super("malformed DNS message at byte " + offset + ": " + message);
        this.offset = offset;
    }

    /** Where in the message the problem was found. */
    public int offset() {
        return offset;
    }
}
