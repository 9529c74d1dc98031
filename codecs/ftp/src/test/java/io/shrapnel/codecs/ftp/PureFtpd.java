package io.shrapnel.codecs.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real pure-ftpd the client tests talk to: configured and run in the foreground by the
 * project's {@code servers/ftp.sh run} (user test/test chrooted to {@link #home()}, explicit TLS
 * offered, 127.0.0.1 only) as a child of the test JVM, started once per JVM on the first free
 * control port of 20001..20010 with passive ports 20120..20169, stopped when the JVM exits. Fails,
 * never skips, when pure-ftpd is not installed.
 *
 * <p>Threading: {@link #shared()} is synchronized; the rest is immutable.
 */
final class PureFtpd {
    static final String USER = "test";
    static final String PASSWORD = "test";
    private static PureFtpd shared;

    private final Process process;
    private final int port;
    private final Path dir;

    private PureFtpd(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static synchronized PureFtpd shared() throws Exception {
        if (shared == null) {
            shared = start();
            PureFtpd p = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(p::stop, "pure-ftpd-stop"));
        }
        return shared;
    }

    int port() {
        return port;
    }

    /** The directory the user sees as "/". */
    Path home() {
        return dir.resolve("home");
    }

    /** The CA (the self-signed server certificate) for TLS clients. */
    Path certificate() {
        return dir.resolve("server.crt");
    }

    private static PureFtpd start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/pure-ftpd"))) {
            throw new AssertionError("the FTP tests need pure-ftpd: apt-get install -y pure-ftpd (.ci/run installs it)");
        }
        Path script = script();
        for (int port = 20001; port <= 20010; port++) {
            if (listening(port)) {
                continue;
            }
            Path dir = Files.createTempDirectory("shrapnel-pure-ftpd-");
            // setpriv --pdeathsig: pure-ftpd goes when this JVM goes, even by SIGKILL (a timed-out PIT minion)
            Process p = new ProcessBuilder("setpriv", "--pdeathsig", "TERM", script.toString(), "run", dir.toString(),
                    Integer.toString(port), "20120", "20169")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            int at = port;
            try {
                Awaitility.await("pure-ftpd listening on " + port).atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !p.isAlive() || listening(at));
                if (p.isAlive()) {
                    return new PureFtpd(p, port, dir);
                }
            } catch (RuntimeException e) {
                p.destroyForcibly();
            }
            deleteTree(dir);
        }
        throw new AssertionError("could not start pure-ftpd on any port of 20001..20010");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The project's script, found from the module directory the tests run in. */
    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("servers/ftp.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new AssertionError("servers/ftp.sh not found above " + Path.of("").toAbsolutePath());
    }

    private void stop() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
