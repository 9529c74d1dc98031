package io.shrapnel.net;

import java.io.EOFException;

/** The stream ended before {@link Conn#recvExact} had all it asked for; {@link #partial()} is what came. */
public final class EofError extends EOFException {
    private final transient byte[] partial;
    private final int wanted;

    public EofError(int wanted, byte[] partial) {
        super("end of stream after " + partial.length + " of " + wanted + " bytes");
        this.wanted = wanted;
        this.partial = partial;
    }

    /** The bytes that arrived before the end of the stream. */
    public byte[] partial() {
        return partial.clone();
    }

    public int wanted() {
        return wanted;
    }
}
