package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.benchmarks.kernel.SwitchBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The JMH scenarios again, timed by CPU time (of all Java threads) instead of the wall clock: on a shared,
 * loaded machine a single-threaded scenario's wall time mostly measures how long it waited for a
 * core, while its CPU time per message stays put. Each scenario runs the same JMH benchmark method
 * (no copy of it), a few warm-up rounds, then measured rounds; the median round is reported.
 * The sending side of every scenario here runs in the same process, so CPU per message includes it.
 *
 * <pre>java --add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.pollerMode=1 -cp benchmarks/target/benchmarks.jar \
 *     io.shrapnel.benchmarks.mailbox.CpuPerMessage 15</pre>
 */
public final class CpuPerMessage {
    private CpuPerMessage() {}

    private interface Invocation {
        void run() throws Exception;
    }

    private record Scenario(String name, Invocation invocation, int messages) {}

    /**
     * CPU time of every live platform thread, in nanoseconds (the process total from the OS is counted
     * in 10 ms ticks here, too coarse for a round). Virtual threads run on, and are counted in, their
     * carriers: our loops' threads. GC and JIT threads are not counted.
     */
    private static long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        SwitchBenchmark sw = new SwitchBenchmark();
        PingPongBenchmark pp = new PingPongBenchmark();
        StreamingBenchmark st = new StreamingBenchmark();
        FanInBenchmark fi = new FanInBenchmark();
        sw.setUp();
        pp.setUp();
        st.setUp();
        fi.setUp();
        List<Scenario> scenarios = List.of(
                new Scenario("kernel: coro switch (baton)", sw::coroPingPong, 2 * SwitchBenchmark.ROUNDS),
                new Scenario("ping-pong: coro actors", pp::coroActors, PingPongBenchmark.HITS),
                new Scenario("ping-pong: handler actors", pp::handlerActors, PingPongBenchmark.HITS),
                new Scenario("ping-pong: Pekko, 1 thread", pp::pekkoOneThread, PingPongBenchmark.HITS),
                new Scenario("streaming: coro->coro, one loop, bounded 1024", st::coroToCoroOnOneLoop, StreamingBenchmark.N),
                new Scenario("streaming: coro->coro, one loop, unbounded", st::coroToCoroOnOneLoopUnbounded, StreamingBenchmark.N),
                new Scenario("streaming: coro on another loop -> coro", st::coroFromACoroOnAnotherLoop, StreamingBenchmark.N),
                new Scenario("streaming: platform thread -> coro", st::coroFromAPlatformThread, StreamingBenchmark.N),
                new Scenario("streaming: platform thread -> Pekko, 1 thread", st::pekkoFromAPlatformThread, StreamingBenchmark.N),
                new Scenario("fan-in 4 threads -> coro actor", fi::coroActor, FanInBenchmark.TOTAL),
                new Scenario("fan-in 4 threads -> handler actor", fi::handlerActor, FanInBenchmark.TOTAL),
                new Scenario("fan-in 4 threads -> Pekko, 1 thread", fi::pekkoOneThread, FanInBenchmark.TOTAL));
        for (Scenario s : scenarios) {
            List<double[]> perRound = new ArrayList<>();
            for (int r = 0; r < rounds + 5; r++) {
                long c0 = cpuNanos();
                long w0 = System.nanoTime();
                s.invocation().run();
                double cpu = (cpuNanos() - c0) / (double) s.messages();
                double wall = (System.nanoTime() - w0) / (double) s.messages();
                if (r >= 5) {
                    perRound.add(new double[] {cpu, wall});
                }
            }
            perRound.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] median = perRound.get(perRound.size() / 2);
            System.out.printf("%-50s CPU %7.1f ns/msg   wall %7.1f ns/msg%n", s.name(), median[0], median[1]);
        }
        sw.tearDown();
        pp.tearDown();
        st.tearDown();
        fi.tearDown();
        System.exit(0);
    }
}
