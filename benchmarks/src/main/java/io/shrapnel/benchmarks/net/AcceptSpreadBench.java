package io.shrapnel.benchmarks.net;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * How {@code TcpServer} should spread connections over loops: the same two-loop echo server with
 * SO_REUSEPORT listeners per loop and with one acceptor dealing round-robin, under connection churn
 * (connect, one 64-byte echo, close with a reset so no TIME_WAIT piles up) from {@code threads}
 * platform threads. Reports connections/s and server CPU per connection. Server and clients share
 * the machine's cores (two loops need both), so this is a comparison, not a capacity figure.
 *
 * <pre>java -cp benchmarks.jar io.shrapnel.benchmarks.net.AcceptSpreadBench 4 5</pre>
 *
 * <p>Threading: client threads count into a LongAdder; the main thread measures.
 */
public final class AcceptSpreadBench {
    private AcceptSpreadBench() {}

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args.length > 0 ? args[0] : "4");
        double seconds = Double.parseDouble(args.length > 1 ? args[1] : "5");
        int rounds = Integer.parseInt(args.length > 2 ? args[2] : "3");
        String[] kinds = (args.length > 3 ? args[3] : "shrapnel-reuseport,shrapnel-handoff").split(",");
        System.out.println("| spread | round | connections/s | server CPU per connection | failed |");
        System.out.println("|---|---|---|---|---|");
        for (int r = 1; r <= rounds; r++) {
            for (String kind : kinds) {
                churn(kind, r, threads, seconds);
            }
        }
    }

    private static void churn(String kind, int round, int threads, double seconds) throws Exception {
        try (ServerProcess server = ServerProcess.start(kind, null, "1g")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), server.port());
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            long end = warmUntil + (long) (seconds * 1e9);
            Thread[] ts = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                ts[i] = Thread.ofPlatform().start(() -> {
                    byte[] msg = new byte[64];
                    while (System.nanoTime() < end) {
                        try (Socket s = new Socket()) {
                            s.setSoLinger(true, 0);
                            s.setTcpNoDelay(true);
                            s.setSoTimeout(5000);
                            s.connect(to, 5000);
                            s.getOutputStream().write(msg);
                            InputStream in = s.getInputStream();
                            if (in.readNBytes(64).length == 64 && System.nanoTime() > warmUntil) {
                                done.increment();
                            }
                        } catch (java.io.IOException e) {
                            failed.increment(); // refused or timed out under overload: reported
                        }
                    }
                });
            }
            while (System.nanoTime() < warmUntil) {
                Thread.sleep(10);
            }
            long cpu0 = server.cpuNanos();
            for (Thread t : ts) {
                t.join();
            }
            long cpu1 = server.cpuNanos();
            long n = done.sum();
            System.out.printf("| %s | %d | %,.0f | %.1f µs | %d |%n", kind.replace("shrapnel-", ""), round,
                    n / seconds, (cpu1 - cpu0) / 1000.0 / Math.max(1, n), failed.sum());
            System.out.flush();
        }
    }
}
