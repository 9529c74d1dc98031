package io.shrapnel.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** A free port in the rpc module's test range, 27000-27999 (never an ephemeral one). */
final class Ports {
    private Ports() {}

    static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 27000 + ThreadLocalRandom.current().nextInt(1000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in 27000-27999");
    }
}
