package io.shrapnel.codecs.ldap;

import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real slapd for the whole test run, started by the project's own servers/ldap.sh in a temp
 * directory on two free ports of 20300-20399, and stopped when the run ends. The tree:
 * see servers/ldap.sh (alice/alice123, bob/bob123, 300 entries under ou=bulk, a referral).
 */
final class Slapd implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final String BASE = "dc=example,dc=com";
    static final String ADMIN = "cn=admin,dc=example,dc=com";
    static final String ADMIN_PASSWORD = "secret";
    static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    static final int BULK = 300;

    final Path dir;
    final int port;
    final int ldapsPort;

    private Slapd(Path dir, int port, int ldapsPort) {
        this.dir = dir;
        this.port = port;
        this.ldapsPort = ldapsPort;
    }

    /** The run's slapd, started on first use. */
    static Slapd get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Slapd.class, k -> start(BULK), Slapd.class);
    }

    static Path script() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("servers/ldap.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("servers/ldap.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("servers/ldap.sh");
    }

    static Slapd start(int bulk) {
        try {
            Path dir = Files.createTempDirectory("slapd-test");
            int[] ports = freePorts();
            // the guard stops slapd once this JVM is gone, even killed (no shutdown hook runs then)
            new ProcessBuilder(script().toString(), "guard", dir.resolve("s").toString(),
                    Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            run(List.of(script().toString(), "start", dir.resolve("s").toString(), Integer.toString(ports[0]),
                    Integer.toString(ports[1]), Integer.toString(bulk)));
            Slapd slapd = new Slapd(dir.resolve("s"), ports[0], ports[1]);
            // a JVM ended from outside (a build's timeout) still stops its slapd
            Runtime.getRuntime().addShutdownHook(new Thread(slapd::stopQuietly, "slapd-stop"));
            return slapd;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start slapd: " + e.getMessage(), e);
        }
    }

    /** Two ports of 20300-20399 that nobody listens on now. */
    private static int[] freePorts() throws IOException {
        int[] found = new int[2];
        int n = 0;
        int offset = (int) (ProcessHandle.current().pid() % 50) * 2;
        for (int i = 0; i < 100 && n < 2; i++) {
            int p = 20300 + (offset + i) % 100;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", p));
                found[n++] = p;
            } catch (IOException busy) {
                // taken: try the next
            }
        }
        if (n < 2) {
            throw new IOException("no two free ports in 20300-20399");
        }
        return found;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }

    /** What a test does with a connected client. */
    interface Body {
        void run(LdapClient ldap) throws Exception;
    }

    /** Runs {@code body} in a coro of a fresh test loop with a plain connection to this slapd. */
    void connected(Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (LdapClient ldap = LdapClient.connect("127.0.0.1", port)) {
                    body.run(ldap);
                }
            });
        }
    }

    /** {@link #connected} after binding as the directory's root DN. */
    void asAdmin(Body body) throws Exception {
        connected(ldap -> {
            ldap.bind(ADMIN, ADMIN_PASSWORD);
            body.run(ldap);
        });
    }

    Path ca() {
        return dir.resolve("ca.crt");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(script().toString(), "stop", dir.toString()));
        Files.deleteIfExists(dir.getParent());
    }

    private void stopQuietly() {
        if (Files.exists(dir)) {
            try {
                close();
            } catch (IOException | InterruptedException e) {
                System.err.println("could not stop slapd in " + dir + ": " + e);
            }
        }
    }
}
