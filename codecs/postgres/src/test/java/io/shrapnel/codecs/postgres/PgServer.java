package io.shrapnel.codecs.postgres;

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
 * A real PostgreSQL for the tests, started once per test JVM by the project's own
 * {@code servers/postgres.sh} on a free port in 25400-25498 of 127.0.0.1, with a fresh data
 * directory, and stopped (data deleted) when the JVM exits.
 */
final class PgServer implements AutoCloseable {
    private static PgServer running;
    /** Set once the server was stopped at exit: never start another one then. */
    private static boolean stopped;

    final int port;
    final Path dir;
    private final Path script;

    private PgServer(int port, Path dir, Path script) {
        this.port = port;
        this.dir = dir;
        this.script = script;
    }

    static synchronized PgServer get() throws Exception {
        if (stopped) {
            // a test still running while the JVM exits (a mutation-testing minion stopped on a timeout)
            throw new IllegalStateException("the JVM is exiting: no new test PostgreSQL");
        }
        if (running == null) {
            Path script = findScript();
            try {
                run(script.toString(), "reap"); // servers of earlier test JVMs killed before they could stop them
            } catch (IllegalStateException e) {
                System.err.println("could not reap earlier test servers (going on): " + e.getMessage());
            }
            Path dir = Files.createTempDirectory("shrapnel-pg");
            int port = freePort();
            run(script.toString(), "start", dir.resolve("pg").toString(), String.valueOf(port));
            PgServer s = new PgServer(port, dir.resolve("pg"), script);
            running = s;
            // a JVM that ends without JUnit's teardown (killed test fork, mutation-testing minion) still stops it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // best effort at exit
                }
            }, "stop-postgres"));
        }
        return running;
    }

    /**
     * {@code @ExtendWith(PgServer.Extension.class)}: starts the server before the class; it serves every
     * later test of the JVM and stops when the JVM exits (the shutdown hook; the script's watcher if
     * the JVM is killed). Not at the end of a JUnit run: a mutation-testing minion runs JUnit once per
     * mutant, and a server per run would cost seconds each.
     */
    static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            get();
        }
    }

    @Override
    public void close() throws Exception {
        synchronized (PgServer.class) {
            stopped = true;
            if (running == this) {
                run(script.toString(), "stop", dir.toString());
                Files.deleteIfExists(dir.getParent());
                running = null;
            }
        }
    }

    PgConfig.Builder config(String user, String password) {
        return PgConfig.builder().host("127.0.0.1").port(port).user(user).password(password).database("testdb")
                .sslMode(SslMode.DISABLE);
    }

    PgConfig.Builder test() {
        return config("test", "test");
    }

    TlsConfig trustingServer() throws Exception {
        return TlsConfig.client().trustPem(dir.resolve("server.crt")).build();
    }

    private static Path findScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("servers/postgres.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("servers/postgres.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        for (int port = 25400 + (int) (ProcessHandle.current().pid() % 50); port < 25499; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port in 25400-25498");
    }

    static void run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // the script's watcher stops the server when this JVM is gone, even killed without its shutdown hooks
        pb.environment().put("SERVER_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output));
        }
    }
}
