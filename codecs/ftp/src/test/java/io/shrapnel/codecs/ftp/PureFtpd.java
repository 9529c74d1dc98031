package io.shrapnel.codecs.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        Launched l = launch("ftp.sh", 20001, 20010, 20120, 20169);
        return new PureFtpd(l.process(), l.port(), l.dir());
    }

    /** A server process started by a project script, the control port it listens on, its directory. */
    record Launched(Process process, int port, Path dir) {}

    /**
     * Runs {@code servers/SCRIPT run DIR PORT PASV_FROM PASV_TO} on the first free port of
     * {@code from..to} and waits until it listens.
     */
    static Launched launch(String script, int from, int to, int pasvFrom, int pasvTo) throws Exception {
        Path path = script(script);
        for (int port = from; port <= to; port++) {
            if (listening(port)) {
                continue;
            }
            Path dir = Files.createTempDirectory("shrapnel-" + script.replace(".sh", "") + "-");
            // setpriv --pdeathsig: the server goes when this JVM goes, even by SIGKILL (a timed-out PIT minion)
            Process p = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", path.toString(), "run", dir.toString(),
                    Integer.toString(port), Integer.toString(pasvFrom), Integer.toString(pasvTo))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            int at = port;
            try {
                Awaitility.await(script + " listening on " + port).atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !p.isAlive() || listening(at));
                if (p.isAlive()) {
                    return new Launched(p, port, dir);
                }
            } catch (RuntimeException e) {
                stop(p);
            }
            deleteTree(dir);
        }
        throw new AssertionError("could not start " + script + " on any port of " + from + ".." + to);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The project's script {@code servers/NAME}, found from the module directory the tests run in. */
    static Path script(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("servers").resolve(name);
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new AssertionError("servers/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private void stop() {
        stop(process);
        deleteTree(dir);
    }

    /** Stops a server and every process it forked (one per session): TERM, then KILL after 10 s. */
    static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
