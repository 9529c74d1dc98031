package io.shrapnel.codecs.asn1;

/**
 * What a decoder accepts from a peer: how deep constructed values may nest and how long one
 * element may be. A declared length above {@code maxLength} fails before anything is buffered.
 */
public record BerLimits(int maxDepth, int maxLength) {
    /** 64 levels, 16 MiB. */
    public static final BerLimits DEFAULT = new BerLimits(64, 16 << 20);

    public BerLimits {
        if (maxDepth < 1 || maxLength < 1) {
            throw new IllegalArgumentException("BerLimits needs maxDepth >= 1 and maxLength >= 1, not "
                    + maxDepth + " and " + maxLength);
        }
    }
}
