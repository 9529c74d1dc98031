package io.shrapnel.monitoring.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMX endpoint's parts without a connector: what the guard lets through, the authenticator, the file. */
class JmxGuardTest {
    @TempDir
    Path dir;

    private static Object[] on(String name) throws Exception {
        return new Object[] {new ObjectName(name), "op", null, null};
    }

    @Test
    void theGuardRefusesWritesToDiagnosticBeansAndBeanCreationButNotReads() throws Exception {
        assertTrue(JmxGuard.refusal("invoke", on("com.sun.management:type=DiagnosticCommand")).contains("allowDiagnostics()"));
        assertTrue(JmxGuard.refusal("setAttribute", on("com.sun.management:type=HotSpotDiagnostic")) != null);
        assertTrue(JmxGuard.refusal("setAttributes", on("jdk.management.jfr:type=FlightRecorder")) != null);
        assertTrue(JmxGuard.refusal("createMBean", null).contains("createMBean"));
        assertTrue(JmxGuard.refusal("unregisterMBean", on("java.lang:type=Memory")) != null);
        assertNull(JmxGuard.refusal("getAttribute", on("com.sun.management:type=DiagnosticCommand")));
        assertNull(JmxGuard.refusal("invoke", on("java.lang:type=Memory")));
        assertNull(JmxGuard.refusal("invoke", null));
        assertNull(JmxGuard.refusal("invoke", new Object[] {"not a name"}));
        assertNull(JmxGuard.refusal("invoke", new Object[0]));
        assertNull(JmxGuard.refusal("queryNames", new Object[] {null, null}));
    }

    @Test
    void theForwarderTakesOneServerAndPassesWhatItAllows() throws Exception {
        MBeanServerForwarder guard = JmxGuard.create();
        assertThrows(IllegalStateException.class, guard::getMBeanCount, "no target yet");
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        guard.setMBeanServer(platform);
        assertSame(platform, guard.getMBeanServer());
        assertThrows(IllegalStateException.class, () -> guard.setMBeanServer(platform));
        assertEquals(platform.getMBeanCount(), guard.getMBeanCount());
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        assertThrows(javax.management.AttributeNotFoundException.class, () -> guard.getAttribute(memory, "NoSuch"),
                "the target's own exception comes through as it is");
        assertThrows(SecurityException.class, () -> guard.setAttributes(
                new ObjectName("com.sun.management:type=HotSpotDiagnostic"), new AttributeList()));
        assertThrows(SecurityException.class, () -> guard.setAttribute(
                new ObjectName("com.sun.management:type=HotSpotDiagnostic"), new Attribute("x", 1)));
        assertTrue(guard.toString().startsWith("JMX guard for "), guard.toString());
        assertEquals(guard, guard);
        assertTrue(!guard.equals(platform));
        assertEquals(System.identityHashCode(guard), guard.hashCode());
    }

    @Test
    void theAuthenticatorWantsTheUserAndThePassword() {
        TokenAuthenticator a = new TokenAuthenticator("shrapnel", "0123456789abcdef");
        assertEquals("shrapnel", a.authenticate(new String[] {"shrapnel", "0123456789abcdef"}).getPrincipals().iterator().next().getName());
        assertTrue(a.authenticate(new String[] {"shrapnel", "0123456789abcdef"}).isReadOnly());
        for (Object bad : new Object[] {null, "x", new String[] {"shrapnel"}, new String[] {"shrapnel", null},
                new String[] {null, "0123456789abcdef"}, new String[] {"root", "0123456789abcdef"},
                new String[] {"shrapnel", "0123456789abcdeF"}, new String[] {"shrapnel", "0123456789abcdef", "x"}}) {
            assertThrows(SecurityException.class, () -> a.authenticate(bad));
        }
    }

    @Test
    void theCredentialsFileIsOwnerOnlyAndNeverWrittenThroughALink() throws Exception {
        Path file = dir.resolve("a/b/creds");
        CredentialsFile.write(file, "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi", "shrapnel", "pw");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        assertEquals("service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi", p.getProperty("url"));
        assertEquals("pw", p.getProperty("password"));
        CredentialsFile.write(file, "u2", "shrapnel", "pw2"); // replaced whole
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, dir.resolve("elsewhere"));
        assertThrows(java.io.IOException.class, () -> CredentialsFile.write(link, "u", "shrapnel", "pw"));
        assertTrue(Files.notExists(dir.resolve("elsewhere")));
        assertTrue(CredentialsFile.defaultPath(9010).toString().endsWith(".shrapnel/jmx/" + ProcessHandle.current().pid() + "-9010.properties"));
    }
}
