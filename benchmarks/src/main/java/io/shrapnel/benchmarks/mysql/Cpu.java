package io.shrapnel.benchmarks.mysql;

import java.lang.management.ManagementFactory;

/** This JVM's CPU time (all threads: the client library, JIT and GC), the figure the benchmark charges. */
final class Cpu {
    private Cpu() {}

    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
