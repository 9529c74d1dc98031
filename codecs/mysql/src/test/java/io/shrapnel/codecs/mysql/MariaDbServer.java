package io.shrapnel.codecs.mysql;

import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real MariaDB for the test JVM with {@code servers/mariadb.sh} (fresh datadir in a temp
 * directory, 127.0.0.1, a port of 23300-23349 free at the time, TLS with a generated certificate)
 * and stops it when the JVM exits (a shutdown hook: one server serves every test class of the JVM,
 * also when a tool such as PIT runs the classes one launcher at a time). {@code @ExtendWith(MariaDbServer.class)}.
 */
public final class MariaDbServer implements BeforeAllCallback {
    private static MariaDbServer started;
    private final Path dir;
    private final int port;

    private MariaDbServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public MariaDbServer() {
        this(null, 0);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (MariaDbServer.class) {
            if (started == null) {
                try {
                    run("reap"); // servers of earlier test JVMs killed before they could stop them
                } catch (IOException e) {
                    System.err.println("could not reap earlier test servers (going on): " + e.getMessage());
                }
                Path base = Files.createTempDirectory("mariadb-test");
                Path data = base.resolve("db");
                int port = startOnAFreePort(data);
                MariaDbServer server = new MariaDbServer(data, port);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mariadb-stop"));
                started = server;
            }
        }
    }

    /** Tries the free ports of the range in turn: another process may take one between the check and the bind. */
    private static int startOnAFreePort(Path data) throws IOException, InterruptedException {
        IOException last = null;
        int from = 23300;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort(from, 23349);
            try {
                run("start", data.toString(), Integer.toString(port));
                return port;
            } catch (IOException e) {
                last = e;
                run("stop", data.toString());
                from = port + 1;
            }
        }
        throw last;
    }

    private static int freePort(int from, int to) throws IOException {
        for (int p = from; p <= to; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port in " + from + "-" + to + " for the test MariaDB");
    }

    private static void run(String... args) throws IOException, InterruptedException {
        Path script = script();
        String[] cmd = new String[args.length + 1];
        cmd[0] = script.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // the script's watcher stops the server when this JVM is gone, even killed without its shutdown hooks
        pb.environment().put("SERVER_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("servers/mariadb.sh " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("servers/mariadb.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IllegalStateException("servers/mariadb.sh not found above " + Path.of("").toAbsolutePath());
    }

    private void stop() {
        try {
            run("stop", dir.toString());
            Files.deleteIfExists(dir.getParent());
        } catch (Exception e) {
            System.err.println("could not stop the test MariaDB in " + dir + ": " + e);
        }
    }

    public static int port() {
        return started.port;
    }

    /** The server's self-signed certificate (its own CA). */
    public static Path certificate() {
        return started.dir.resolve("server.crt");
    }

    /**
     * test/test on testdb, no TLS. Connect and cancel get 30 s instead of the defaults (10 s, 5 s): on a
     * loaded machine a cold TLS handshake or a KILL QUERY's extra login can take seconds, and a test
     * must not fail for that.
     */
    public static MySqlConfig.Builder config() {
        return MySqlConfig.builder().host("127.0.0.1").port(port()).user("test").password("test").database("testdb")
                .connectTimeout(java.time.Duration.ofSeconds(30)).cancelTimeout(java.time.Duration.ofSeconds(30));
    }

    public static TlsConfig tls() throws Exception {
        return TlsConfig.client().trustPem(certificate()).build();
    }
}
