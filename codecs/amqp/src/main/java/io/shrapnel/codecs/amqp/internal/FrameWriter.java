package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.Properties;

/** Encodes whole frames: methods, heartbeats, and a content method with its header and body split at frame max. */
public final class FrameWriter {
    private static final byte[] HEARTBEAT = {Frame.HEARTBEAT, 0, 0, 0, 0, 0, 0, (byte) Frame.END};

    private FrameWriter() {}

    public static byte[] heartbeat() {
        return HEARTBEAT.clone();
    }

    public static byte[] method(int channel, Method m) {
        WireWriter w = new WireWriter(64);
        method(w, channel, m);
        return w.toByteArray();
    }

    private static void method(WireWriter w, int channel, Method m) {
        int start = begin(w, Frame.METHOD, channel);
        m.encode(w);
        end(w, start);
    }

    private static int begin(WireWriter w, int type, int channel) {
        w.octet(type).shortInt(channel).longInt(0);
        return w.position();
    }

    private static void end(WireWriter w, int start) {
        w.patchLongInt(start - 4, w.position() - start);
        w.octet(Frame.END);
    }

    /** The method frame, the content header and the body in frames of at most {@code frameMax} bytes. */
    public static byte[] content(int channel, Method m, Properties props, byte[] body, int frameMax) {
        WireWriter w = new WireWriter(body.length + 256);
        method(w, channel, m);
        int start = begin(w, Frame.HEADER, channel);
        ContentHeader.encode(w, body.length, props);
        end(w, start);
        int chunk = frameMax - Frame.OVERHEAD;
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            w.octet(Frame.BODY).shortInt(channel).longInt(n).bytes(body, off, n).octet(Frame.END);
        }
        return w.toByteArray();
    }
}
