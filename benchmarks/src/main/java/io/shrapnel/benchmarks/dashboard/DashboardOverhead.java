package io.shrapnel.benchmarks.dashboard;

import io.shrapnel.benchmarks.monitoring.ProfilerOverhead;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dashboard costs an echo server (one loop): the server alternates phases without the
 * dashboard and with it running and a page open (a WebSocket client receiving a snapshot a second),
 * while the load generator of {@code ProfilerOverhead client} in another JVM keeps N connections busy
 * with 64-byte ping-pongs. Per phase: messages echoed per second and server CPU per message, of the
 * echo loop's thread and of the whole process (the dashboard's own loop, its JMX reads and the page
 * client included). Also the time from {@code Dashboard.start} to the first page and to the first
 * snapshot.
 *
 * <pre>
 * server: DashboardOverhead PORT DASHBOARD_PORT PHASE_SECONDS ROUNDS
 * client: ProfilerOverhead client PORT CONNECTIONS SECONDS
 * </pre>
 *
 * The dashboard is reached by reflection: the benchmarks module does not depend on it yet, so the
 * dashboard's jar goes on the class path by hand (see benchmarks/results/dashboard.md).
 */
public final class DashboardOverhead {
    private static final int MESSAGE = 64;
    private static volatile long echoed;

    private DashboardOverhead() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int dashboardPort = Integer.parseInt(args[1]);
        int phaseSeconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
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
        while (echoed == 0) {
            Thread.sleep(10);
        }
        Thread.sleep(phaseSeconds * 1000L); // warm-up
        List<double[]> off = new ArrayList<>();
        List<double[]> on = new ArrayList<>();
        System.out.printf("%-5s %12s %16s %16s %10s%n", "phase", "msgs/s", "loop CPU ns/msg", "proc CPU ns/msg", "snapshots");
        for (int r = 0; r < rounds; r++) {
            for (boolean open : new boolean[] {false, true}) {
                Page page = open ? Page.open(dashboardPort, r == 0) : null;
                long m0 = echoed;
                long c0 = threads.getThreadCpuTime(loopThread.threadId());
                long p0 = os.getProcessCpuTime();
                long s0 = page == null ? 0 : page.snapshots.get();
                long t0 = System.nanoTime();
                Thread.sleep(phaseSeconds * 1000L);
                long m = echoed - m0;
                long c = threads.getThreadCpuTime(loopThread.threadId()) - c0;
                long p = os.getProcessCpuTime() - p0;
                double secs = (System.nanoTime() - t0) / 1e9;
                long snaps = page == null ? 0 : page.snapshots.get() - s0;
                if (page != null) {
                    page.close();
                }
                double[] row = {m / secs, (double) c / m, (double) p / m};
                (open ? on : off).add(row);
                System.out.printf("%-5s %12.0f %16.0f %16.0f %10d%n", open ? "on" : "off", row[0], row[1], row[2], snaps);
            }
        }
        double[] mOff = ProfilerOverhead.medians(off);
        double[] mOn = ProfilerOverhead.medians(on);
        System.out.printf("median off: %.0f msgs/s, %.0f ns loop CPU/msg, %.0f ns process CPU/msg%n", mOff[0], mOff[1], mOff[2]);
        System.out.printf("median on:  %.0f msgs/s, %.0f ns loop CPU/msg, %.0f ns process CPU/msg%n", mOn[0], mOn[1], mOn[2]);
        System.out.printf("dashboard on/off: throughput %.3f, loop CPU per message %.3f, process CPU per message %.3f%n",
                mOn[0] / mOff[0], mOn[1] / mOff[1], mOn[2] / mOff[2]);
        System.exit(0);
    }

    /** A running dashboard with one page open: a WebSocket client counting the snapshots it gets. */
    private static final class Page implements WebSocket.Listener, AutoCloseable {
        final AtomicLong snapshots = new AtomicLong();
        private final AutoCloseable dashboard;
        private WebSocket ws;
        private final StringBuilder partial = new StringBuilder();

        private Page(AutoCloseable dashboard) {
            this.dashboard = dashboard;
        }

        static Page open(int port, boolean timeFirstPage) throws Exception {
            long t0 = System.nanoTime();
            Class<?> optionsClass = Class.forName("io.shrapnel.dashboard.DashboardOptions");
            Object builder = optionsClass.getMethod("builder").invoke(null);
            builder = builder.getClass().getMethod("port", int.class).invoke(builder, port);
            builder = builder.getClass().getMethod("tokenDirectory", java.nio.file.Path.class)
                    .invoke(builder, Files.createTempDirectory("dashboard-bench"));
            Object options = builder.getClass().getMethod("build").invoke(builder);
            Class<?> dashboardClass = Class.forName("io.shrapnel.dashboard.Dashboard");
            AutoCloseable d = (AutoCloseable) dashboardClass.getMethod("start", optionsClass).invoke(null, options);
            String url = (String) dashboardClass.getMethod("url").invoke(d);
            long started = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(url.replace("/?", "/static/app.js?"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url.replace("/?", "/api/snapshot?"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long firstAsset = System.nanoTime();
            while (page.statusCode() != 200) {
                Thread.sleep(20);
                page = http.send(HttpRequest.newBuilder(URI.create(url.replace("/?", "/api/snapshot?"))).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            long firstSnapshot = System.nanoTime();
            if (timeFirstPage) {
                System.out.printf("first page: Dashboard.start %.1f ms, then the page's script %.1f ms (%d), first snapshot after start %.1f ms%n",
                        (started - t0) / 1e6, (firstAsset - started) / 1e6, first.statusCode(), (firstSnapshot - t0) / 1e6);
            }
            Page p = new Page(d);
            String token = url.substring(url.indexOf("token=") + 6);
            p.ws = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), p).join();
            return p;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (partial.indexOf("{\"type\":\"snapshot\"") == 0) {
                    snapshots.incrementAndGet();
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() throws Exception {
            ws.abort();
            dashboard.close();
        }
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
}
