package io.shrapnel.benchmarks.postgres;

import io.shrapnel.codecs.postgres.PgConfig;
import io.shrapnel.codecs.postgres.PgConnection;
import io.shrapnel.codecs.postgres.SslMode;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.TcpSock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Where one client's round trip goes: the same sequential queries, one at a time, through the full
 * clients and through a bare protocol exchange on each kind of socket, so that codec cost and the
 * wake-up path can be told apart.
 *
 * <ul>
 *   <li>{@code raw-coro}: a Simple Query ('Q' "select 1" .. ReadyForQuery) written by hand on a
 *       Shrapnel {@link TcpSock} in a coro on one loop: the loop's epoll wake-up, no codec;
 *   <li>{@code raw-coro-busy}: the same with a second coro that only yields, so that the loop never
 *       sleeps in epoll_wait (it polls with selectNow between slices): the wake-up path taken out;
 *   <li>{@code raw-vthread} / {@code raw-platform}: the same bytes on a {@code java.net.Socket} on a
 *       virtual thread (the JDK's poller) / on a platform thread (a blocking read);
 *   <li>{@code shrapnel-simple} / {@code shrapnel-prepared}: {@code PgConnection.simpleQuery("select 1")}
 *       / {@code query("select $1::int", i)} (cached statement, binary results);
 *   <li>{@code pgjdbc-prepared}: pgjdbc's {@code PreparedStatement.executeQuery} on a virtual thread.
 * </ul>
 *
 * <pre>
 * java ... io.shrapnel.benchmarks.postgres.PgLatencyProbe queries=20000 rounds=2 [port=N]
 * </pre>
 * Prints per-query latency (p50, p90, p99, mean, µs) and client CPU per query for each path.
 */
public final class PgLatencyProbe {
    private PgLatencyProbe() {}

    private static final byte[] SELECT_1 = query("select 1");

    public static void main(String[] args) throws Exception {
        int queries = 20_000;
        int rounds = 2;
        String port = "";
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "queries" -> queries = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "port" -> port = kv[1];
                default -> throw new IllegalArgumentException("unknown option " + a + " (queries=, rounds=, port=)");
            }
        }
        try (PgClientBench.BenchServer server = PgClientBench.BenchServer.startUnless(port)) {
            int p = server.port();
            int n = queries;
            Scheduler loop = Scheduler.create("latency-probe");
            for (int round = 0; round <= rounds; round++) {
                String label = round == 0 ? "warm-up (discarded)" : "round " + round;
                System.out.println("## " + label + ", " + queries + " sequential queries, one client");
                report(round, "raw-coro", n, () -> ShrapnelPgSide.onLoop(loop, () -> rawCoro(p, n)));
                report(round, "raw-coro-busy", n, () -> ShrapnelPgSide.onLoop(loop, () -> neverAsleep(() -> rawCoro(p, n))));
                report(round, "raw-vthread", n, () -> onVirtual(() -> rawSocket(p, n)));
                report(round, "raw-platform", n, () -> rawSocket(p, n));
                report(round, "shrapnel-simple", n, () -> ShrapnelPgSide.onLoop(loop, () -> shrapnel(p, n, false)));
                report(round, "shrapnel-prepared", n, () -> ShrapnelPgSide.onLoop(loop, () -> shrapnel(p, n, true)));
                report(round, "pgjdbc-prepared", n, () -> onVirtual(() -> pgjdbc(p, n)));
            }
        }
    }

    private static void report(int round, String name, int queries, Callable<long[]> run) throws Exception {
        long cpu0 = cpu();
        long[] ns = run.call();
        long cpu = cpu() - cpu0;
        if (round == 0) {
            return;
        }
        long[] s = ns.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e3;
        System.out.printf("%-18s p50 %7.1f  p90 %7.1f  p99 %8.1f  mean %7.1f µs   client CPU %6.1f µs/query%n", name,
                s[s.length / 2] / 1e3, s[s.length * 9 / 10] / 1e3, s[s.length * 99 / 100] / 1e3, mean, cpu / 1e3 / queries);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ---- the full clients ----------------------------------------------------------------------

    private static long[] shrapnel(int port, int queries, boolean prepared) throws IOException {
        PgConfig config = PgConfig.builder().host("127.0.0.1").port(port).user("test").password("test")
                .database("testdb").sslMode(SslMode.DISABLE).build();
        long[] ns = new long[queries];
        try (PgConnection db = PgConnection.connect(config)) {
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                if (prepared) {
                    db.query("select $1::int", i);
                } else {
                    db.simpleQuery("select 1");
                }
                ns[i] = System.nanoTime() - t0;
            }
        }
        return ns;
    }

    private static long[] pgjdbc(int port, int queries) throws Exception {
        long[] ns = new long[queries];
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/testdb?user=test&password=test");
             PreparedStatement ps = c.prepareStatement("select ?::int")) {
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                ns[i] = System.nanoTime() - t0;
            }
        }
        return ns;
    }

    // ---- the bare protocol (user clearuser: cleartext password, no codec to speak of) ------------

    private static long[] rawCoro(int port, int queries) throws IOException {
        long[] ns = new long[queries];
        try (TcpSock sock = TcpSock.create()) {
            sock.connect("127.0.0.1", port);
            sock.sendAll(startup());
            untilReady(sock::recv, sock::sendAll);
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                sock.sendAll(SELECT_1);
                untilReady(sock::recv, null);
                ns[i] = System.nanoTime() - t0;
            }
        }
        return ns;
    }

    private static long[] rawSocket(int port, int queries) throws IOException {
        long[] ns = new long[queries];
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Recv recv = max -> {
                byte[] b = new byte[max];
                int n = in.read(b);
                return n < 0 ? new byte[0] : Arrays.copyOf(b, n);
            };
            out.write(startup());
            untilReady(recv, out::write);
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                out.write(SELECT_1);
                untilReady(recv, null);
                ns[i] = System.nanoTime() - t0;
            }
        }
        return ns;
    }

    private interface Recv {
        byte[] recv(int max) throws IOException;
    }

    private interface Send {
        void send(byte[] b) throws IOException;
    }

    /** Reads messages until ReadyForQuery; answers a cleartext password request when {@code send} is given. */
    private static void untilReady(Recv in, Send send) throws IOException {
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            byte[] b = in.recv(8192);
            if (b.length == 0) {
                throw new IOException("server closed");
            }
            acc.writeBytes(b);
            byte[] all = acc.toByteArray();
            while (all.length - at >= 5) {
                int len = (all[at + 1] & 0xFF) << 24 | (all[at + 2] & 0xFF) << 16 | (all[at + 3] & 0xFF) << 8 | (all[at + 4] & 0xFF);
                if (all.length - at < 1 + len) {
                    break;
                }
                char type = (char) all[at];
                if (type == 'E') {
                    throw new IOException("server error: " + new String(all, at + 5, len - 4, StandardCharsets.UTF_8));
                }
                if (type == 'R' && all[at + 8] == 3 && send != null) {
                    send.send(password());
                }
                at += 1 + len;
                if (type == 'Z') {
                    return;
                }
            }
        }
    }

    private static byte[] startup() {
        byte[] body = "\0\3\0\0user\0clearuser\0database\0testdb\0\0".getBytes(StandardCharsets.US_ASCII);
        return withLength(null, body);
    }

    private static byte[] password() {
        return withLength('p', "clearpass\0".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] query(String sql) {
        return withLength('Q', (sql + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withLength(Character type, byte[] body) {
        int head = type == null ? 0 : 1;
        byte[] m = new byte[head + 4 + body.length];
        if (type != null) {
            m[0] = (byte) type.charValue();
        }
        int len = 4 + body.length;
        m[head] = (byte) (len >>> 24);
        m[head + 1] = (byte) (len >>> 16);
        m[head + 2] = (byte) (len >>> 8);
        m[head + 3] = (byte) len;
        System.arraycopy(body, 0, m, head + 4, body.length);
        return m;
    }

    // ---- where each side runs ------------------------------------------------------------------

    /** Runs {@code body} with a companion coro yielding all the while: the loop always has work, never sleeps. */
    private static long[] neverAsleep(Callable<long[]> body) throws Exception {
        boolean[] done = new boolean[1];
        Coro spinner = Coro.spawn("spinner", () -> {
            while (!done[0]) {
                Coro.yieldSlice();
            }
        });
        try {
            return body.call();
        } finally {
            done[0] = true;
            spinner.join();
        }
    }

    private static long[] onVirtual(Callable<long[]> body) throws Exception {
        long[][] out = new long[1][];
        Exception[] failed = new Exception[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                out[0] = body.call();
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        t.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return out[0];
    }
}
