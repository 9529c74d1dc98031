package io.shrapnel.net.dns;

import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real unbound the DNS tests talk to: configured by the project's {@code servers/unbound.sh}
 * (zone {@code test.}, 127.0.0.1 only), run in the foreground as a child of the test JVM on a free
 * port below 32768, started once per JVM and stopped when it exits. Fails, never skips, when unbound
 * is not installed.
 *
 * <p>Threading: {@link #shared()} is synchronized; the rest is immutable.
 */
final class Unbound {
    private static Unbound shared;

    private final Process process;
    private final InetSocketAddress address;
    private final Path dir;

    private Unbound(Process process, InetSocketAddress address, Path dir) {
        this.process = process;
        this.address = address;
        this.dir = dir;
    }

    static synchronized Unbound shared() throws Exception {
        if (shared == null) {
            shared = start();
            Unbound u = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(u::stop, "unbound-stop"));
        }
        return shared;
    }

    InetSocketAddress address() {
        return address;
    }

    private static Unbound start() throws Exception {
        Path script = findScript();
        if (!new File("/usr/sbin/unbound").canExecute()) {
            throw new AssertionError("the DNS tests need unbound: apt-get install -y unbound (.ci/run installs it)");
        }
        Exception last = null;
        for (int tries = 0; tries < 5; tries++) {
            int port = LoopbackPorts.udp(); // free for UDP and TCP when probed
            Path dir = Files.createTempDirectory("shrapnel-unbound-");
            run(new ProcessBuilder(script.toString(), "config", dir.toString(), Integer.toString(port)));
            Process p = new ProcessBuilder("/usr/sbin/unbound", "-d", "-c", dir.resolve("unbound.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
            InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try {
                awaitAnswer(p, a);
                return new Unbound(p, a, dir);
            } catch (Exception e) {
                last = e;
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                deleteTree(dir);
            }
        }
        throw new AssertionError("could not start unbound", last);
    }

    /** The project's script, found from the module directory the tests run in. */
    private static Path findScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("servers/unbound.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new AssertionError("servers/unbound.sh not found above " + Path.of("").toAbsolutePath());
    }

    /** Until unbound answers a query (a blocking socket on the test thread, with a receive timeout). */
    private static void awaitAnswer(Process p, InetSocketAddress a) throws Exception {
        byte[] q = DnsMessage.query(1, DnsName.of("www.test"), RecordType.A).encode();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("unbound exited with " + p.exitValue());
                }
                s.send(new DatagramPacket(q, q.length, a));
                try {
                    DatagramPacket r = new DatagramPacket(new byte[2048], 2048);
                    s.receive(r);
                    return;
                } catch (SocketTimeoutException notYet) {
                    // ask again
                }
            }
        }
        throw new IOException("unbound did not answer on " + a + " within 15 s");
    }

    private static void run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(pb.command() + " failed: " + out);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteTree(dir);
        } catch (Exception e) {
            System.err.println("stopping unbound: " + e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
