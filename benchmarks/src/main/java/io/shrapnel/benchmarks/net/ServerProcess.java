package io.shrapnel.benchmarks.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EchoServers} process started by a harness: pinned to a CPU with {@code taskset} if
 * asked, its port read from its first line, its CPU time read from /proc.
 *
 * <p>Threading: used by the harness thread only.
 */
final class ServerProcess implements AutoCloseable {
    private static final long TICKS_PER_SECOND = 100; // CLK_TCK on Linux x86-64

    private final Process process;
    private final BufferedReader out;
    private final int port;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("listening ")) {
            System.err.println("  server: " + line);
        }
        if (line == null) {
            throw new IOException("the server exited before it listened");
        }
        this.port = Integer.parseInt(line.substring("listening ".length()).trim());
    }

    /** Starts {@code EchoServers kind 0}; {@code cpu} null means no pinning. */
    static ServerProcess start(String kind, String cpu, String heap) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null) {
            cmd.addAll(List.of("taskset", "-c", cpu));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.addAll(flags(kind));
        String extra = System.getProperty("server.jvm.extra"); // e.g. a JFR recording, to profile a server
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServers.class.getName(), kind, "0"));
        return new ServerProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Each peer gets what it needs and nothing that would slow it. */
    private static List<String> flags(String kind) {
        if (kind.startsWith("shrapnel") || kind.equals("http-shrapnel")) {
            return io.shrapnel.benchmarks.JvmFlags.shrapnel();
        }
        if (kind.startsWith("netty") || kind.startsWith("http-netty")) {
            return List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        }
        if (kind.equals("vthreads")) {
            return List.of("-Djdk.virtualThreadScheduler.parallelism=1");
        }
        return List.of();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** utime + stime of the server process so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Asks for {@code stat heap=.. rss=.. conns=..} and returns the numbers. */
    long[] stat() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("stat\n".getBytes());
        in.flush();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("stat ")) {
            System.err.println("  server: " + line);
        }
        if (line == null) {
            throw new IOException("the server exited");
        }
        String[] p = line.split(" ");
        return new long[] {value(p[1]), value(p[2]), value(p[3])};
    }

    private static long value(String kv) {
        return Long.parseLong(kv.substring(kv.indexOf('=') + 1));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
