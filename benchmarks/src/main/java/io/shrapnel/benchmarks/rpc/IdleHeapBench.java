package io.shrapnel.rpc.bench;

import io.shrapnel.kernel.Coro;
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
import javax.management.ObjectName;

/**
 * Heap per idle rpc connection, each end in its own JVM. {@code IdleHeapBench server PORT} serves
 * and, whenever its count of open connections has been steady for two seconds, prints its live heap
 * (after a full GC) against the count; {@code IdleHeapBench client PORT N} opens N channels (one
 * health check on each, so both ends are fully set up), waits for them to go idle, prints its own
 * figure, and holds them open for {@code HOLD} seconds (default 15) for the server to measure.
 */
public final class IdleHeapBench {
    private IdleHeapBench() {}

    /** Live heap bytes after full collections. */
    static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("server")) {
            Coro.spawn("main", () -> {
                RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT);
                System.out.println("READY");
            });
            Thread.ofPlatform().daemon().start(IdleHeapBench::watchServer);
            Coro.eventLoop();
            return;
        }
        int n = Integer.parseInt(args[2]);
        long hold = Long.parseLong(System.getProperty("hold", "15"));
        Coro.spawn("main", () -> {
            long base = liveHeap();
            List<Channel> channels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Channel c = Channel.connect("127.0.0.1", port);
                Health.client(c).check(HealthCheckRequest.getDefaultInstance());
                channels.add(c);
            }
            Coro.sleep(Duration.ofSeconds(2));
            Coro.offload(() -> {
                long after = liveHeap();
                System.out.printf("client: %d idle connections, %.0f bytes of heap each%n", n, (after - base) / (double) n);
                return null;
            });
            Coro.sleep(Duration.ofSeconds(hold));
            channels.forEach(Channel::close);
            Coro.setExit(0);
        });
        System.exit(Coro.eventLoop());
    }

    /** Measures the server's heap at a steady count of open connections (0 first, the baseline). */
    private static void watchServer() {
        try {
            var jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName bean = new ObjectName("io.shrapnel:type=Rpc,name=server");
            long base = -1;
            long previous = -1;
            long printed = -1;
            while (true) {
                Thread.sleep(2000);
                long open = jmx.isRegistered(bean) ? (Long) jmx.getAttribute(bean, "OpenConnections") : 0;
                if (open == previous && open != printed) {
                    long heap = liveHeap();
                    if (open == 0) {
                        base = heap;
                    } else if (base >= 0) {
                        System.out.printf("server: %d idle connections, %.0f bytes of heap each%n", open,
                                (heap - base) / (double) open);
                    }
                    printed = open;
                }
                previous = open;
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
