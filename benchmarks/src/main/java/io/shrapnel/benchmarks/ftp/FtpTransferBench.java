package io.shrapnel.benchmarks.ftp;

import io.shrapnel.codecs.ftp.FtpClient;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;

/**
 * FTP clients side by side against one pure-ftpd on loopback (user test/test): Shrapnel's
 * {@link FtpClient} (one loop), Apache Commons Net's {@code FTPClient} (blocking sockets, a thread
 * per connection) and curl (a process per download).
 *
 * <ul>
 *   <li>big: one download of {@code big.bin} ({@code sizeMB}) in passive mode, binary, into a sink
 *       that drops the bytes; MB/s and CPU time of the client per MB (this JVM's for the Java
 *       clients, curl's own user+system time for curl);</li>
 *   <li>small: {@code concurrent} clients at once, each connecting, logging in and downloading
 *       {@code small.bin} ({@code smallKB}); downloads per second and client CPU per download.</li>
 * </ul>
 * Peers take turns in a rotating order; each figure is the median of the measured rounds.
 *
 * <p>Usage: {@code FtpTransferBench port [sizeMB=1024] [concurrent=100] [smallKB=16] [rounds=3] [warmups=1]}.
 * Run through benchmarks/run-ftp.sh, which starts the pure-ftpd and makes the files.
 */
public final class FtpTransferBench {
    private static final String HOST = "127.0.0.1";
    private static final String USER = "test";
    /**
     * At most this many clients connect at once (the transfers overlap fully): pure-ftpd's listen
     * backlog is short, and a connection dropped from a full accept queue looks established to a
     * client that waits for the greeting, until its timeout.
     */
    private static final int CONNECTING = 10;

    /**
     * Wall time; the client's CPU time (the whole process's for the Java clients: JIT compiler and
     * monitoring threads included); the CPU time of the one thread that moved the bytes (the loop's
     * thread, Commons Net's calling thread; NaN for curl), which leaves those out.
     */
    private record Result(double seconds, double cpuSeconds, double threadCpuSeconds) {
        Result(double seconds, double cpuSeconds) {
            this(seconds, cpuSeconds, Double.NaN);
        }
    }

    private interface Peer {
        String name();

        Result big(long size) throws Exception;

        Result small(int concurrent, long size) throws Exception;
    }

    static int port;

    public static void main(String[] args) throws Exception {
        port = Integer.parseInt(args[0]);
        long sizeMb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long smallKb = args.length > 3 ? Long.parseLong(args[3]) : 16;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int warmups = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        List<Peer> peers = List.of(new Shrapnel(), new CommonsNet(), new Curl());
        double[][] bigSecs = new double[peers.size()][rounds];
        double[][] bigCpu = new double[peers.size()][rounds];
        double[][] bigThreadCpu = new double[peers.size()][rounds];
        double[][] smallSecs = new double[peers.size()][rounds];
        double[][] smallCpu = new double[peers.size()][rounds];
        for (int r = 0; r < warmups + rounds; r++) {
            for (int k = 0; k < peers.size(); k++) {
                int p = (k + r) % peers.size();
                Peer peer = peers.get(p);
                Result b = peer.big(sizeMb << 20);
                Result s = peer.small(concurrent, smallKb << 10);
                System.out.printf(Locale.ROOT, "%s %-12s big %7.1f MB/s cpu %6.3f ms/MB (thread %6.3f) | small x%d %7.0f/s cpu %6.3f ms/download%n",
                        r < warmups ? "warm-up " : "measured", peer.name(), sizeMb / b.seconds, b.cpuSeconds * 1e3 / sizeMb,
                        b.threadCpuSeconds * 1e3 / sizeMb, concurrent, concurrent / s.seconds, s.cpuSeconds * 1e3 / concurrent);
                if (r >= warmups) {
                    bigSecs[p][r - warmups] = b.seconds;
                    bigCpu[p][r - warmups] = b.cpuSeconds;
                    bigThreadCpu[p][r - warmups] = b.threadCpuSeconds;
                    smallSecs[p][r - warmups] = s.seconds;
                    smallCpu[p][r - warmups] = s.cpuSeconds;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians of %d rounds: big = %d MB, small = %d x %d KB%n", rounds, sizeMb, concurrent, smallKb);
        double base = sizeMb / median(bigSecs[0]);
        double baseSmall = concurrent / median(smallSecs[0]);
        for (int p = 0; p < peers.size(); p++) {
            double rate = sizeMb / median(bigSecs[p]);
            double rateSmall = concurrent / median(smallSecs[p]);
            System.out.printf(Locale.ROOT,
                    "  %-12s big %7.1f MB/s (%.2fx Shrapnel's) cpu %6.3f ms/MB (thread %6.3f) | small %7.0f downloads/s (%.2fx Shrapnel's) cpu %6.3f ms/download%n",
                    peers.get(p).name(), rate, rate / base, median(bigCpu[p]) * 1e3 / sizeMb, median(bigThreadCpu[p]) * 1e3 / sizeMb, rateSmall, rateSmall / baseSmall,
                    median(smallCpu[p]) * 1e3 / concurrent);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Counts and drops what it is given. */
    static final class Sink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static void check(long got, long want, String who) throws IOException {
        if (got != want) {
            throw new IOException(who + " got " + got + " bytes, not " + want);
        }
    }

    /** Shrapnel's client on one loop; the small downloads are a coro each. */
    static final class Shrapnel implements Peer {
        @Override
        public String name() {
            return "shrapnel";
        }

        private static Result onLoop(io.shrapnel.kernel.Body body) throws Exception {
            try (Scheduler loop = Scheduler.create("ftp-bench")) {
                Exception[] failure = new Exception[1];
                loop.spawn(() -> {
                    try {
                        body.run();
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                });
                long c0 = cpuNanos();
                long th0 = threadCpuNanos();
                long t0 = System.nanoTime();
                loop.runUntilDone(); // on this thread
                Result r = new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9, (threadCpuNanos() - th0) / 1e9);
                if (failure[0] != null) {
                    throw failure[0];
                }
                return r;
            }
        }

        @Override
        public Result big(long size) throws Exception {
            return onLoop(() -> {
                try (FtpClient ftp = FtpClient.connect(HOST, port, java.time.Duration.ofSeconds(120))) {
                    ftp.login(USER, USER);
                    Sink sink = new Sink();
                    check(ftp.retrieve("big.bin", sink), size, name());
                }
            });
        }

        @Override
        public Result small(int concurrent, long size) throws Exception {
            return onLoop(() -> {
                List<Coro> all = new ArrayList<>();
                AtomicLong bytes = new AtomicLong();
                io.shrapnel.kernel.Semaphore connecting = new io.shrapnel.kernel.Semaphore(CONNECTING);
                for (int i = 0; i < concurrent; i++) {
                    all.add(Coro.spawn(() -> {
                        FtpClient c;
                        connecting.acquire(1);
                        try {
                            c = FtpClient.connect(HOST, port, java.time.Duration.ofSeconds(120));
                        } finally {
                            connecting.release(1);
                        }
                        try (FtpClient ftp = c) {
                            ftp.login(USER, USER);
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            ftp.retrieve("small.bin", out);
                            bytes.addAndGet(out.size());
                        }
                    }));
                }
                for (Coro c : all) {
                    c.join();
                }
                check(bytes.get(), size * concurrent, name());
            });
        }
    }

    /** Apache Commons Net: blocking sockets; the small downloads are a platform thread each. */
    static final class CommonsNet implements Peer {
        @Override
        public String name() {
            return "commons-net";
        }

        private static FTPClient login() throws IOException {
            FTPClient c = new FTPClient();
            c.setBufferSize(64 * 1024);
            c.connect(HOST, port);
            if (!c.login(USER, USER)) {
                throw new IOException("commons-net login: " + c.getReplyString());
            }
            c.setFileType(FTP.BINARY_FILE_TYPE);
            c.enterLocalPassiveMode();
            return c;
        }

        @Override
        public Result big(long size) throws Exception {
            long c0 = cpuNanos();
            long th0 = threadCpuNanos();
            long t0 = System.nanoTime();
            FTPClient c = login();
            Sink sink = new Sink();
            if (!c.retrieveFile("big.bin", sink)) {
                throw new IOException("commons-net RETR: " + c.getReplyString());
            }
            c.logout();
            c.disconnect();
            Result r = new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9, (threadCpuNanos() - th0) / 1e9);
            check(sink.count, size, name());
            return r;
        }

        @Override
        public Result small(int concurrent, long size) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(concurrent);
            try {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                List<Future<Long>> all = new ArrayList<>();
                java.util.concurrent.Semaphore connecting = new java.util.concurrent.Semaphore(CONNECTING);
                for (int i = 0; i < concurrent; i++) {
                    all.add(pool.submit(() -> {
                        FTPClient c;
                        connecting.acquire();
                        try {
                            c = login();
                        } finally {
                            connecting.release();
                        }
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        if (!c.retrieveFile("small.bin", out)) {
                            throw new IOException("commons-net RETR: " + c.getReplyString());
                        }
                        c.logout();
                        c.disconnect();
                        return (long) out.size();
                    }));
                }
                long bytes = 0;
                for (Future<Long> f : all) {
                    bytes += f.get();
                }
                Result r = new Result((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9);
                check(bytes, size * concurrent, name());
                return r;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** curl, a process per download; its CPU is its own user+system time (bash's {@code times}). */
    static final class Curl implements Peer {
        @Override
        public String name() {
            return "curl";
        }

        private static Result run(String script) throws Exception {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("bash", "-c", script + "; times").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("curl failed: " + out);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String[] lines = out.strip().split("\n");
            return new Result(secs, seconds(lines[lines.length - 1])); // children's "user sys"
        }

        /** "0m0.123s 0m0.456s" -> 0.579 */
        private static double seconds(String timesLine) {
            double total = 0;
            for (String t : timesLine.trim().split("\\s+")) {
                int m = t.indexOf('m');
                total += Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
            }
            return total;
        }

        private static String url(String file) {
            return "ftp://" + USER + ":" + USER + "@" + HOST + ":" + port + "/" + file;
        }

        @Override
        public Result big(long size) throws Exception {
            return run("test \"$(curl -sS -o /dev/null -w '%{size_download}' " + url("big.bin") + ")\" = " + size);
        }

        @Override
        public Result small(int concurrent, long size) throws Exception {
            return run("for i in $(seq " + concurrent + "); do curl -sS -o /dev/null " + url("small.bin")
                    + " & done; wait");
        }
    }
}
