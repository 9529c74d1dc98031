package io.shrapnel.benchmarks.rpc;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.rpc.CallOptions;
import io.shrapnel.rpc.Channel;
import io.shrapnel.rpc.RpcConfig;
import io.shrapnel.rpc.RpcServer;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/**
 * Heap per idle rpc connection, each end in its own JVM, every wait bounded:
 * <pre>
 *   IdleHeapBench server PORT N [LIMIT_S]
 *   IdleHeapBench client PORT N [LIMIT_S]
 * </pre>
 * The client first warms the JIT up (N/2 connections, at most 2,000, four health checks each, then
 * closed), opens N channels with one health check each, waits for them to go idle (a keepalive
 * interval and a second), and measures its live heap after full GCs. The server, once it has held N
 * connections for as long, measures its own and then closes them all; the client sees them closed
 * and measures again. Each end prints its heap per connection: with the N idle connections minus
 * after they closed (JIT and class loading are done by then, so the difference is the connections').
 *
 * <p>Anything that does not come up (a refused connect, too few file descriptors, a call that gets no
 * answer in 30 s, a count that does not reach N) ends the JVM with a line starting {@code FAILED}
 * and exit code 1; LIMIT_S (default 600) bounds each run as a whole (exit code 2).
 */
public final class IdleHeapBench {
    private static final Duration IDLE_WAIT = RpcConfig.DEFAULT.keepaliveInterval().plusSeconds(1);
    private static volatile String stage = "starting";

    private IdleHeapBench() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        long limit = args.length > 3 ? Long.parseLong(args[3]) : 600;
        String who = args[0];
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(limit));
            } catch (InterruptedException e) {
                return;
            }
            fail(2, who + " not done after " + limit + " s (" + stage + ")");
        });
        if (who.equals("server")) {
            Coro.spawn("main", () -> {
                RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT);
                Scheduler loop = Coro.current().scheduler();
                Thread.ofPlatform().daemon().start(() -> watchServer(n, loop, server));
                System.out.println("READY");
            });
            System.exit(Coro.eventLoop());
        }
        Coro.spawn("main", () -> {
            try {
                runClient(port, n);
            } catch (Throwable t) {
                fail(1, "client: " + stage + ": " + t);
            }
            Coro.setExit(0);
        });
        System.exit(Coro.eventLoop());
    }

    private static void runClient(int port, int n) throws Exception {
        CallOptions bounded = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30));
        int warm = Math.min(n / 2, 2000);
        List<Channel> channels = new ArrayList<>(n);
        for (int i = 0; i < warm; i++) {
            stage = "warm-up connection " + (i + 1) + " of " + warm;
            Channel c = Channel.connect("127.0.0.1", port);
            channels.add(c);
            for (int k = 0; k < 4; k++) {
                Health.client(c, bounded).check(HealthCheckRequest.getDefaultInstance());
            }
        }
        channels.forEach(Channel::close);
        channels.clear();
        for (int i = 0; i < n; i++) {
            stage = "connection " + (i + 1) + " of " + n;
            Channel c = Channel.connect("127.0.0.1", port);
            channels.add(c);
            Health.client(c, bounded).check(HealthCheckRequest.getDefaultInstance());
        }
        stage = "waiting " + IDLE_WAIT.toSeconds() + " s for " + n + " connections to go idle";
        Coro.sleep(IDLE_WAIT);
        long with = Coro.offload(IdleHeapBench::liveHeap);
        stage = "waiting for the server to measure and close the connections";
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (channels.stream().anyMatch(Channel::isOpen)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(channels.stream().filter(Channel::isOpen).count()
                        + " connections still open 120 s after measuring");
            }
            Coro.sleep(Duration.ofMillis(200));
        }
        channels.clear();
        long without = Coro.offload(IdleHeapBench::liveHeap);
        System.out.printf("client: %d idle connections, %.0f bytes of heap each%n", n, (with - without) / (double) n);
    }

    /** Live heap bytes after full collections. */
    static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Waits for N connections held for the idle wait, measures, closes them all, measures again. */
    private static void watchServer(int n, Scheduler loop, RpcServer server) {
        try {
            var jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName bean = new ObjectName("io.shrapnel:type=Rpc,name=server");
            LongSupplier open = () -> {
                try {
                    return jmx.isRegistered(bean) ? (Long) jmx.getAttribute(bean, "OpenConnections") : 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            stage = "waiting for " + n + " connections";
            awaitSteady(open, n, IDLE_WAIT.plusSeconds(1));
            long with = liveHeap();
            stage = "closing the connections";
            loop.post(server::close);
            awaitSteady(open, 0, Duration.ofSeconds(2));
            long without = liveHeap();
            System.out.printf("server: %d idle connections, %.0f bytes of heap each%n", n, (with - without) / (double) n);
            System.exit(0);
        } catch (Throwable t) {
            fail(1, "server: " + stage + ": " + t);
        }
    }

    /** Returns once {@code count} has been {@code want} for {@code steady}; polls every 250 ms. */
    private static void awaitSteady(LongSupplier count, long want, Duration steady) throws InterruptedException {
        long since = -1;
        long last = -1;
        while (true) {
            long now = System.nanoTime();
            last = count.getAsLong();
            if (last != want) {
                since = -1;
            } else if (since < 0) {
                since = now;
            } else if (now - since >= steady.toNanos()) {
                return;
            }
            stage = "waiting for " + want + " connections held " + steady.toSeconds() + " s (now " + last + ")";
            Thread.sleep(250);
        }
    }

    private static void fail(int code, String why) {
        System.out.println("FAILED " + why);
        System.out.flush();
        Runtime.getRuntime().halt(code);
    }
}
