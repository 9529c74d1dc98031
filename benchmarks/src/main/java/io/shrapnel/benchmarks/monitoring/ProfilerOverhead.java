package io.shrapnel.benchmarks.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Profile;
import io.shrapnel.monitoring.Profiler;
import io.shrapnel.monitoring.Sampling;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the profiler costs an echo server (the tutorial's, one loop): the server alternates phases
 * with the profiler off and on while a load generator in another JVM (see run-monitoring.sh, each JVM
 * on its own core) keeps N connections busy with 64-byte ping-pongs. Per phase it reports messages
 * echoed per second and the server's CPU time per message: of its loop thread, and of the whole
 * process (which includes JFR's sampler thread).
 *
 * <pre>
 * server: ProfilerOverhead server PORT PHASE_SECONDS ROUNDS SAMPLE_PERIOD_MS [cpu|exec]
 * client: ProfilerOverhead client PORT CONNECTIONS SECONDS
 * </pre>
 *
 * {@code cpu} (the default) samples with {@code jdk.CPUTimeSample}, {@code exec} with
 * {@code jdk.ExecutionSample}; each "on" phase also reports the samples taken per second of the
 * loop thread's CPU time (what "samples per second of busy loop" means).
 *
 * Phases: a warm-up, then ROUNDS x (off, on); the "off" phases after the first come after the
 * profiler was stopped, which is the "none when off" check.
 */
public final class ProfilerOverhead {
    private static final int MESSAGE = 64;

    private ProfilerOverhead() {}

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "server" -> server(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Duration.ofMillis(Long.parseLong(args[4])),
                    args.length > 5 && args[5].equals("exec") ? Sampling.EXECUTION : Sampling.CPU_TIME);
            case "client" -> client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: ProfilerOverhead server PORT PHASE_S ROUNDS SAMPLE_MS [cpu|exec] | client PORT CONNS SECONDS");
                System.exit(2);
            }
        }
    }

    // ---- server ----

    /** Messages echoed, counted on the server loop and read racily by the measuring thread. */
    private static volatile long echoed;

    private static void server(int port, int phaseSeconds, int rounds, Duration samplePeriod, Sampling sampling)
            throws Exception {
        Scheduler loop = Scheduler.create("server");
        loop.spawn("listener", () -> {
            TcpSock s = TcpSock.create();
            s.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
            s.listen(1024);
            System.out.println("listening on " + s.localAddress());
            while (true) {
                TcpSock conn = s.accept();
                Coro.spawn("session", () -> session(conn));
            }
        });
        Thread loopThread = Thread.ofPlatform().name("server-loop").start(loop::run);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path report = Files.createTempFile("overhead", ".profile");

        // Wait for the load, then warm up for one phase.
        while (echoed == 0) {
            Thread.sleep(10);
        }
        Thread.sleep(phaseSeconds * 1000L);
        List<double[]> off = new ArrayList<>();
        List<double[]> on = new ArrayList<>();
        System.out.printf("%-5s %12s %16s %16s %22s%n", "phase", "msgs/s", "loop CPU ns/msg", "proc CPU ns/msg",
                "samples/s of loop CPU");
        for (int r = 0; r < rounds; r++) {
            for (boolean profiling : new boolean[] {false, true}) {
                if (profiling) {
                    Profiler.start(samplePeriod, sampling, List.of());
                }
                long m0 = echoed;
                long c0 = threads.getThreadCpuTime(loopThread.threadId());
                long p0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                Thread.sleep(phaseSeconds * 1000L);
                long m = echoed - m0;
                long c = threads.getThreadCpuTime(loopThread.threadId()) - c0;
                long p = os.getProcessCpuTime() - p0;
                double secs = (System.nanoTime() - t0) / 1e9;
                String samples = "";
                if (profiling) {
                    Profile profile = Profiler.stop(report);
                    samples = String.format("%.0f (%s, %d lost)", profile.sampleCount() / (c / 1e9), profile.sampler(),
                            profile.lostSamples());
                }
                double[] row = {m / secs, (double) c / m, (double) p / m};
                (profiling ? on : off).add(row);
                System.out.printf("%-5s %12.0f %16.0f %16.0f %22s%n", profiling ? "on" : "off", row[0], row[1], row[2], samples);
            }
        }
        double[] mOff = medians(off);
        double[] mOn = medians(on);
        System.out.printf("median off: %.0f msgs/s, %.0f ns loop CPU/msg, %.0f ns process CPU/msg%n", mOff[0], mOff[1], mOff[2]);
        System.out.printf("median on:  %.0f msgs/s, %.0f ns loop CPU/msg, %.0f ns process CPU/msg%n", mOn[0], mOn[1], mOn[2]);
        System.out.printf("profiling on/off: throughput %.3f, loop CPU per message %.3f, process CPU per message %.3f%n",
                mOn[0] / mOff[0], mOn[1] / mOff[1], mOn[2] / mOff[2]);
        System.out.printf("first off (never profiled) vs later offs (after stop): throughput %.3f, loop CPU per message %.3f%n",
                medians(off.subList(1, off.size()))[0] / off.get(0)[0], medians(off.subList(1, off.size()))[1] / off.get(0)[1]);
        Files.deleteIfExists(report);
        System.exit(0);
    }

    /** The median of each column of {@code rows} (shared with the dashboard's overhead harness). */
    public static double[] medians(List<double[]> rows) {
        double[] out = new double[rows.get(0).length];
        for (int i = 0; i < out.length; i++) {
            int col = i;
            double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
            out[i] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return out;
    }

    private static void session(TcpSock conn) throws IOException {
        try (conn) {
            byte[] block;
            while ((block = conn.recv(1000)).length > 0) {
                conn.sendAll(block);
                echoed += block.length / MESSAGE;
            }
        }
    }

    // ---- load generator ----

    private static void client(int port, int connections, int seconds) {
        Scheduler loop = Scheduler.create("client");
        InetSocketAddress server = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
        for (int i = 0; i < connections; i++) {
            loop.spawn("pinger", () -> {
                byte[] message = new byte[MESSAGE];
                try (TcpSock s = TcpSock.create()) {
                    s.connect(server);
                    while (true) {
                        s.sendAll(message);
                        s.recvExact(MESSAGE);
                    }
                }
            });
        }
        loop.spawn("timer", () -> {
            Coro.sleep(Duration.ofSeconds(seconds));
            Coro.setExit(0);
        });
        loop.run();
        System.exit(0);
    }
}
