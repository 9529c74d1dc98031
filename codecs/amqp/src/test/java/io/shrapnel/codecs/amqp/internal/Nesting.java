package io.shrapnel.codecs.amqp.internal;

/** Field tables nested in each other, for tests of the depth limit. */
public final class Nesting {
    private Nesting() {}

    /** A table holding a table ... {@code depth} levels deep. */
    public static byte[] tables(int depth) {
        WireWriter w = new WireWriter(1);
        nest(w, depth);
        return w.toByteArray();
    }

    private static void nest(WireWriter w, int depth) {
        int at = w.position();
        w.longInt(0);
        if (depth > 0) {
            w.shortStr("n").octet('F');
            nest(w, depth - 1);
        }
        w.patchLongInt(at, w.position() - at - 4);
    }
}
