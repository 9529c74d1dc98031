package io.shrapnel.codecs.asn1;

import java.io.IOException;

/**
 * Malformed, truncated or over-limit BER/DER input. The message and {@link #offset()} name the
 * byte where decoding stopped (counted from the start of the buffer or stream).
 */
public final class Asn1Exception extends IOException {
    private final long offset;
    private final boolean truncated;
    private final String problem;

    public Asn1Exception(long offset, String problem) {
        this(offset, problem, false);
    }

    /** {@code truncated}: the input ended inside an element (more bytes could complete it). */
    public Asn1Exception(long offset, String problem, boolean truncated) {
        super(problem + " at offset " + offset);
        this.offset = offset;
        this.truncated = truncated;
        this.problem = problem;
    }

    /** The same problem found {@code delta} bytes further on in a larger input. */
    Asn1Exception shifted(long delta) {
        return new Asn1Exception(offset + delta, problem, truncated);
    }

    /** Where in the input the problem is. */
    public long offset() {
        return offset;
    }

    /** True if the input simply ended early (more bytes could make it valid). */
    public boolean truncated() {
        return truncated;
    }
}
