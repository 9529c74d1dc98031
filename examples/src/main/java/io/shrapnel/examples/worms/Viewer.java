package io.shrapnel.examples.worms;

import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A client of the profiled run: connects, says its window is 150 x 50, and reads the screen updates. */
final class Viewer {
    private Viewer() {}

    static void watch(InetSocketAddress server) throws IOException {
        try (TcpSock s = TcpSock.create()) {
            s.connect(server);
            s.sendAll(new byte[] {(byte) 255, (byte) 250, 31, 0, (byte) 150, 0, 50, (byte) 255, (byte) 240});
            byte[] buf = new byte[16384];
            while (s.recvInto(buf, 0, buf.length) > 0) {
                // the screen goes nowhere: only its cost matters
            }
        }
    }
}
