package io.shrapnel.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports in the examples' own range, 28500-28999 (below 32768, where Linux hands out client ports). */
final class Ports {
    private static final int FIRST = 28500;
    private static final int LAST = 28999;
    private static int next = FIRST; // guarded by Ports.class

    private Ports() {}

    /** A port nothing listens on now; each call tries from where the last stopped, so two calls differ. */
    static synchronized int free() throws IOException {
        for (int tries = 0; tries <= LAST - FIRST; tries++) {
            int p = next;
            next = next == LAST ? FIRST : next + 1;
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IOException("no free port in " + FIRST + "-" + LAST);
    }
}
