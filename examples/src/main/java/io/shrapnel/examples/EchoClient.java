package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.util.Arrays;

/**
 * The tutorial's client: 100 coros each open a connection to the echo server, send ten lines and
 * check that each comes back; the last one to finish ends the loop. Exits with 1 if any failed.
 * {@code bin/demo client [host] [port] [connections]} (default 127.0.0.1 9000 100).
 */
public final class EchoClient {
    private static final byte[] LINE = "howdy there\r\n".getBytes(US_ASCII);

    private EchoClient() {}

    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int[] alive = {count};
        int[] failed = {0};
        int[] echoes = {0};
        for (int i = 0; i < count; i++) {
            Coro.spawn("client-" + i, () -> {
                try (TcpSock s = TcpSock.create()) {
                    s.connect(host, port);
                    for (int n = 0; n < 10; n++) {
                        s.sendAll(LINE);
                        byte[] back = s.recvExact(LINE.length);
                        if (!Arrays.equals(back, LINE)) {
                            throw new IllegalStateException("echo mismatch: " + new String(back, US_ASCII));
                        }
                        echoes[0]++; // all clients run on one loop: no lock needed
                    }
                } catch (Exception e) {
                    failed[0]++;
                    System.out.println(Coro.current().name() + " failed: " + e);
                } finally {
                    if (--alive[0] == 0) {
                        Coro.setExit(failed[0] == 0 ? 0 : 1);
                    }
                }
            });
        }
        int code = Coro.eventLoop();
        System.out.println(count + " connections, " + echoes[0] + " echoes checked, " + failed[0] + " failed");
        System.exit(code);
    }
}
