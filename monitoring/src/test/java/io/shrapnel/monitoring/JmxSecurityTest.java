package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JMX endpoint against the attack that defeated it: another local user connecting to the
 * loopback port and calling {@code DiagnosticCommand.jvmtiAgentLoad}. The intruder runs as a
 * system user this test creates ({@code useradd}; CI runs as root), in a JVM of its own
 * ({@link JmxIntruder}); the owner, with the credentials file, still gets in.
 */
class JmxSecurityTest {
    private static final String INTRUDER = "shrapnel-jmx-intruder";
    private static final ObjectName DIAGNOSTIC = name("com.sun.management:type=DiagnosticCommand");
    private static final ObjectName HOTSPOT = name("com.sun.management:type=HotSpotDiagnostic");

    @TempDir
    Path dir;

    private final List<JmxEndpoint> endpoints = new ArrayList<>();

    @AfterEach
    void closeEndpoints() throws IOException {
        for (JmxEndpoint e : endpoints) {
            e.close();
        }
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JmxEndpoint start(JmxEndpoint.Builder b) throws IOException {
        JmxEndpoint e = b.start();
        endpoints.add(e);
        return e;
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void anotherLocalUserCannotReadTheCredentialsConnectOrRebindTheRegistry() throws Exception {
        Path credentials = dir.resolve("jmx").resolve("creds.properties");
        JmxEndpoint jmx = start(JmxEndpoint.builder().credentialsFile(credentials));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())));
        // the temp dir itself is 0700 under root: open it so that only the file's own mode guards it
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(credentials.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        String out = runAsIntruder(jmx.url().toString(), credentials.toString(), String.valueOf(jmx.port()));
        assertTrue(out.contains("done"), out);
        assertFalse(out.contains("GOT IN"), out);
        assertTrue(out.contains("read-credentials: refused (java.nio.file.AccessDeniedException"), out);
        assertTrue(out.contains("no-credentials: refused (java.lang.SecurityException: credentials required"), out);
        assertTrue(out.contains("guessed-password: refused (java.lang.SecurityException: authentication failed"), out);
        assertTrue(out.contains("rebind-registry: refused") && out.contains("REJECTED"), out);

        // the owner reads the file and gets in with what it says
        Properties p = read(credentials);
        assertEquals(jmx.url().toString(), p.getProperty("url"));
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(p.getProperty("url")),
                Map.of(JMXConnector.CREDENTIALS, new String[] {p.getProperty("user"), p.getProperty("password")}))) {
            MBeanServerConnection remote = c.getMBeanServerConnection();
            assertEquals(ManagementFactory.getRuntimeMXBean().getName(),
                    remote.getAttribute(name("java.lang:type=Runtime"), "Name"));
            remote.invoke(name("java.lang:type=Memory"), "gc", null, null); // ordinary operations pass
        }
        jmx.close();
        endpoints.remove(jmx);
        assertFalse(Files.exists(credentials), "closing removes the credentials file");
    }

    private static String runAsIntruder(String... args) throws Exception {
        Process add = new ProcessBuilder("sh", "-c", "id -u " + INTRUDER + " >/dev/null 2>&1 || useradd --system "
                + "--no-create-home --shell /usr/sbin/nologin " + INTRUDER).redirectErrorStream(true).start();
        assertTrue(add.waitFor(60, TimeUnit.SECONDS) && add.exitValue() == 0,
                "useradd failed: " + new String(add.getInputStream().readAllBytes()));
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of("runuser", "-u", INTRUDER, "--", java,
                "-cp", Path.of(JmxIntruder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                JmxIntruder.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return out;
    }

    @Test
    void theOwnerCannotLoadAnAgentDumpTheHeapOrCreateBeansWithoutTheOptIn() throws Exception {
        JmxEndpoint jmx = start(JmxEndpoint.builder().credentialsFile(dir.resolve("c")));
        try (JMXConnector c = jmx.connect()) {
            MBeanServerConnection remote = c.getMBeanServerConnection();
            var agent = assertThrows(SecurityException.class, () -> remote.invoke(DIAGNOSTIC, "jvmtiAgentLoad",
                    new Object[] {new String[] {dir.resolve("agent.so").toString()}}, new String[] {String[].class.getName()}));
            assertTrue(agent.getMessage().contains("allowDiagnostics()"), agent.getMessage());
            assertThrows(SecurityException.class, () -> remote.invoke(HOTSPOT, "dumpHeap",
                    new Object[] {dir.resolve("heap.hprof").toString(), true}, new String[] {"java.lang.String", "boolean"}));
            assertFalse(Files.exists(dir.resolve("heap.hprof")));
            assertThrows(SecurityException.class, () -> remote.setAttribute(HOTSPOT, new javax.management.Attribute("x", 1)));
            var mlet = assertThrows(SecurityException.class,
                    () -> remote.createMBean("javax.management.loading.MLet", name("evil:type=MLet")));
            assertTrue(mlet.getMessage().contains("createMBean"), mlet.getMessage());
            assertThrows(SecurityException.class, () -> remote.unregisterMBean(name("java.lang:type=Memory")));
            // reading stays open, diagnostic beans included
            assertTrue(remote.isRegistered(DIAGNOSTIC));
            assertTrue(remote.getMBeanInfo(DIAGNOSTIC).getOperations().length > 0);
        }
    }

    @Test
    void allowDiagnosticsOpensTheDiagnosticCommands() throws Exception {
        JmxEndpoint jmx = start(JmxEndpoint.builder().credentialsFile(dir.resolve("c")).allowDiagnostics());
        try (JMXConnector c = jmx.connect()) {
            String version = (String) c.getMBeanServerConnection().invoke(DIAGNOSTIC, "vmVersion", null, null);
            assertTrue(version.contains(Runtime.version().feature() + "."), version);
        }
    }

    @Test
    void anAddressBeyondLoopbackNeedsTlsAndAGivenPasswordMustBeLong() {
        var clear = assertThrows(IllegalArgumentException.class,
                () -> JmxEndpoint.builder().address(InetAddress.ofLiteral("10.1.2.3")).start());
        assertTrue(clear.getMessage().contains("tls(sslContext)"), clear.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JmxEndpoint.builder().password("short"));
        assertThrows(IllegalArgumentException.class, () -> JmxEndpoint.builder().port(65536));
    }

    @Test
    void aGivenPasswordAndNoFileStillNeedsTheCredentials() throws Exception {
        String secret = Backdoor.newToken();
        JmxEndpoint jmx = start(JmxEndpoint.builder().password(secret).noCredentialsFile());
        assertEquals(null, jmx.credentialsFile());
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(jmx.url()));
        try (JMXConnector c = JMXConnectorFactory.connect(jmx.url(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {JmxEndpoint.USER, secret}))) {
            assertTrue(c.getMBeanServerConnection().getMBeanCount() > 0);
        }
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(jmx.url(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"root", secret})));
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(jmx.url(),
                Map.of(JMXConnector.CREDENTIALS, "not an array")));
    }

    @Test
    void withTlsTheOwnerConnectsOverTlsAndAPlainClientCannot() throws Exception {
        Path ks = dir.resolve("jmx.p12");
        Process keytool = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow().replace("/java", "/keytool"),
                "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "jmx",
                "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String made = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, made);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, "changeit".toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        // the JDK's RMI TLS sockets use the default context: the client side of this JVM trusts our certificate
        javax.net.ssl.SSLContext.setDefault(client);
        JmxEndpoint jmx = start(JmxEndpoint.builder().tls(server).credentialsFile(dir.resolve("c")));
        try (JMXConnector c = jmx.connect()) {
            assertTrue(c.getMBeanServerConnection().getMBeanCount() > 0);
        }
        Map<String, Object> plain = new java.util.HashMap<>(jmx.environment());
        plain.remove("com.sun.jndi.rmi.factory.socket");
        assertThrows(IOException.class, () -> JMXConnectorFactory.connect(jmx.url(), plain).close(),
                "a client that does not speak TLS gets nothing");
    }
}
