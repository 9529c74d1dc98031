package io.shrapnel.benchmarks.dns;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.dns.DnsResolver;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;

/**
 * N distinct names (A and AAAA each) resolved at once against the name server of /etc/resolv.conf,
 * side by side in one JVM: Shrapnel's resolver (one loop, a coro per name), InetAddress.getAllByName
 * on a pool of platform threads (getaddrinfo), and dnsjava's asynchronous LookupSession. Every run
 * uses fresh names, so no client cache helps; the server caches the same way for all three. The
 * peers take turns, in a rotating order; each is reported as the median of its measured runs, in
 * names per second and in CPU time of this process per name.
 *
 * <p>Usage: {@code DnsConcurrentLookups [names=10000] [runs=3] [warmups=4] [threads=128]}. Run
 * through benchmarks/run-dns.sh, which gives it its own unbound on 127.0.0.1:53.
 */
public final class DnsConcurrentLookups {
    private record Result(double seconds, double cpuSeconds, int failures, long udpDrops) {}

    private interface Peer {
        String name();

        /** Resolves every name; returns how many failed. */
        int resolve(List<String> names) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        System.setProperty("sun.net.inetaddr.ttl", "0");
        List<Peer> peers = List.of(shrapnel(), jdk(threads), dnsjava(256));
        double[][] secs = new double[peers.size()][runs];
        double[][] cpu = new double[peers.size()][runs];
        int[] failures = new int[peers.size()];
        for (int r = 0; r < warmups + runs; r++) {
            for (int k = 0; k < peers.size(); k++) {
                int p = (k + r) % peers.size(); // rotate who goes first
                List<String> names = names("r" + r + "p" + p, n);
                Result res = measure(peers.get(p), names);
                System.out.printf(Locale.ROOT,
                        "%s %-46s %6.3f s  %8.0f names/s  cpu %6.1f us/name  failed %d  udp drops %d%n",
                        r < warmups ? "warmup" : "run   ", peers.get(p).name(), res.seconds, n / res.seconds,
                        res.cpuSeconds * 1e6 / n, res.failures, res.udpDrops);
                if (r >= warmups) {
                    secs[p][r - warmups] = res.seconds;
                    cpu[p][r - warmups] = res.cpuSeconds;
                    failures[p] += res.failures;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d runs, %d names each (A and AAAA):%n", runs, n);
        double base = n / median(secs[0]);
        for (int p = 0; p < peers.size(); p++) {
            double rate = n / median(secs[p]);
            System.out.printf(Locale.ROOT, "  %-46s %8.0f names/s  (%.2fx Shrapnel)  cpu %6.1f us/name  failed %d%n",
                    peers.get(p).name(), rate, rate / base, median(cpu[p]) * 1e6 / n, failures[p]);
        }
        System.exit(0); // dnsjava's and the pool's threads
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "n" + i + ".many.test");
        }
        return out;
    }

    private static Result measure(Peer peer, List<String> names) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long drops0 = udpReceiveBufferDrops();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int failed = peer.resolve(names);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        return new Result((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, failed, udpReceiveBufferDrops() - drops0);
    }

    /**
     * Datagrams the kernel dropped because a socket's receive buffer was full (RcvbufErrors in
     * /proc/net/snmp; per network namespace, so in run-dns.sh: this JVM's and unbound's). A lost
     * datagram costs its query a timeout and a retry.
     */
    private static long udpReceiveBufferDrops() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> keys = List.of(lines.get(i).split("\\s+"));
                    return Long.parseLong(lines.get(i + 1).split("\\s+")[keys.indexOf("RcvbufErrors")]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: not reported
        }
        return -1;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One loop, a coro per name, one resolver (its default: 256 queries in flight at most). */
    private static Peer shrapnel() {
        return new Peer() {
            @Override
            public String name() {
                return "shrapnel DnsResolver (1 loop, coros)";
            }

            @Override
            public int resolve(List<String> names) throws Exception {
                AtomicInteger failed = new AtomicInteger();
                try (DnsResolver dns = DnsResolver.create(); Scheduler loop = Scheduler.create("dns-bench")) {
                    loop.spawn(() -> {
                        for (String name : names) {
                            Coro.spawn(() -> {
                                try {
                                    dns.lookup(name);
                                } catch (Exception e) {
                                    if (failed.getAndIncrement() == 0) {
                                        System.out.println("  first failure: " + e);
                                    }
                                }
                            });
                        }
                    });
                    loop.runUntilDone();
                    System.out.println("  " + dns.stats());
                }
                return failed.get();
            }
        };
    }

    /** InetAddress.getAllByName (getaddrinfo: A and AAAA) on a fixed pool of platform threads. */
    private static Peer jdk(int threads) {
        return new Peer() {
            @Override
            public String name() {
                return "InetAddress.getAllByName (" + threads + " threads)";
            }

            @Override
            public int resolve(List<String> names) throws Exception {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<InetAddress[]>> fs = new ArrayList<>(names.size());
                    for (String name : names) {
                        fs.add(pool.submit(() -> InetAddress.getAllByName(name)));
                    }
                    int failed = 0;
                    for (Future<InetAddress[]> f : fs) {
                        try {
                            f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (failed++ == 0) {
                                System.out.println("  first failure: " + e.getCause());
                            }
                        }
                    }
                    return failed;
                } finally {
                    pool.shutdownNow();
                }
            }
        };
    }

    /** dnsjava's asynchronous LookupSession, A and AAAA per name, at most {@code inFlight} lookups at once. */
    private static Peer dnsjava(int inFlight) {
        return new Peer() {
            @Override
            public String name() {
                return "dnsjava LookupSession (async, " + inFlight + " in flight)";
            }

            @Override
            public int resolve(List<String> names) throws Exception {
                LookupSession session = LookupSession.defaultBuilder()
                        .resolver(new SimpleResolver(InetAddress.getLoopbackAddress())).cache(new Cache())
                        .clearSearchPath().build();
                Semaphore slots = new Semaphore(inFlight);
                AtomicInteger failed = new AtomicInteger();
                List<CompletableFuture<?>> all = new ArrayList<>(names.size() * 2);
                for (String name : names) {
                    Name n = Name.fromString(name + ".");
                    for (int type : new int[] {Type.A, Type.AAAA}) {
                        slots.acquire();
                        all.add(session.lookupAsync(n, type).toCompletableFuture().whenComplete((r, e) -> {
                            slots.release();
                            // NODATA comes back as an exception in dnsjava; only A must have data.
                            if (e != null && type == Type.A) {
                                failed.incrementAndGet();
                            }
                        }));
                    }
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).join();
                return failed.get();
            }
        };
    }
}
