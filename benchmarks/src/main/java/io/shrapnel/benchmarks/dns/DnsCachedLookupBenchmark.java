package io.shrapnel.benchmarks.dns;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.dns.DnsResolver;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A lookup whose answer is cached, A and AAAA of one name: Shrapnel's resolver (in a coro), the JDK's
 * InetAddress cache, dnsjava's Lookup with its Cache. Needs the name server of /etc/resolv.conf to
 * serve www.test (benchmarks/run-dns.sh runs it in a namespace with its own unbound).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { // and the JVM flags from the host JVM (benchmarks/flags.sh)
        "-Dsun.net.inetaddr.ttl=3600"})
@State(Scope.Benchmark)
public class DnsCachedLookupBenchmark {
    static final int BATCH = 10_000;
    static final String NAME = "www.test";

    private Scheduler loop;
    private DnsResolver shrapnel;
    private SimpleResolver dnsjavaResolver;
    private Cache dnsjavaCache;
    private Name dnsjavaName;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop = Scheduler.create("bench-dns");
        shrapnel = DnsResolver.create();
        int[] found = new int[1];
        loop.spawn(() -> found[0] = shrapnel.lookup(NAME).size());
        loop.runUntilDone();
        InetAddress.getAllByName(NAME);
        dnsjavaResolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        dnsjavaCache = new Cache();
        dnsjavaName = Name.fromString(NAME + ".");
        if (found[0] != 2 || dnsjava(Type.A) == null) {
            throw new IllegalStateException("the name server does not serve " + NAME + ": run benchmarks/run-dns.sh");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shrapnel.close();
        loop.close();
    }

    private Object dnsjava(int type) {
        Lookup l = new Lookup(dnsjavaName, type);
        l.setResolver(dnsjavaResolver);
        l.setCache(dnsjavaCache);
        l.setSearchPath((Name[]) null);
        return l.run();
    }

    /** BATCH cached lookups in one coro. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void shrapnelLookup(Blackhole bh) {
        loop.spawn(() -> {
            for (int i = 0; i < BATCH; i++) {
                bh.consume(shrapnel.lookup(NAME));
            }
        });
        loop.runUntilDone();
    }

    /** The JDK's InetAddress cache (getaddrinfo only on a miss). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jdkGetAllByName(Blackhole bh) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(InetAddress.getAllByName(NAME));
        }
    }

    /** dnsjava: a Lookup for A and one for AAAA, both answered by its Cache. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void dnsjavaLookup(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(dnsjava(Type.A));
            bh.consume(dnsjava(Type.AAAA));
        }
    }
}
