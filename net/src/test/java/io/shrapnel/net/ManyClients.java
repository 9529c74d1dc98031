package io.shrapnel.net;

import io.shrapnel.kernel.Coro;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of {@link ManyConnectionsTest}, run in its own JVM (a process has only so many
 * descriptors): opens {@code n} connections from one loop, {@code batch} connects at a time,
 * checks one echo on each, prints {@code ALL n}, holds them all open until its stdin ends, then
 * closes them and prints {@code CLOSED}.
 *
 * <p>Threading: everything on the default loop.
 */
final class ManyClients {
    private ManyClients() {}

    public static void main(String[] args) {
        InetSocketAddress server = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), Integer.parseInt(args[0]));
        int n = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        Coro.spawn("clients", () -> {
            List<TcpSock> open = new ArrayList<>(n);
            int[] failed = {0};
            for (int start = 0; start < n; start += batch) {
                List<Coro> connecting = new ArrayList<>(batch);
                for (int i = start; i < Math.min(n, start + batch); i++) {
                    byte[] hello = ("client " + i + "\n").getBytes();
                    connecting.add(Coro.spawn(() -> {
                        TcpSock s = TcpSock.create();
                        try {
                            s.connect(server);
                            s.sendAll(hello);
                            if (!Arrays.equals(hello, s.recvExact(hello.length))) {
                                throw new IllegalStateException("wrong echo");
                            }
                            open.add(s);
                        } catch (Exception e) {
                            failed[0]++;
                            s.close();
                            System.out.println("FAILED " + e);
                        }
                    }));
                }
                for (Coro c : connecting) {
                    c.join();
                }
            }
            System.out.println("ALL " + open.size() + " failed " + failed[0]);
            System.out.flush();
            Coro.offload(() -> System.in.readAllBytes()); // until the test closes our stdin
            for (TcpSock s : open) {
                s.close();
            }
            System.out.println("CLOSED");
            System.out.flush();
            Coro.setExit(failed[0] == 0 ? 0 : 1);
        });
        System.exit(Coro.eventLoop());
    }
}
