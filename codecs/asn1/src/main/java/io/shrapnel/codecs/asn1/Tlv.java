package io.shrapnel.codecs.asn1;

/**
 * One decoded element header: its tag and where its parts lie in the buffer it came from.
 * {@code contentEnd} is where the content ends; {@code end} is where the element ends (two bytes
 * later for an indefinite length, whose end-of-contents octets follow the content).
 */
public record Tlv(Tag tag, int offset, int contentStart, int contentEnd, int end) {
    /** The content's length in bytes. */
    public int length() {
        return contentEnd - contentStart;
    }

    /** True if the element used the indefinite-length form. */
    public boolean indefinite() {
        return end != contentEnd;
    }
}
