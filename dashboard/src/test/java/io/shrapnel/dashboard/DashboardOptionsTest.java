package io.shrapnel.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLoopbackThisProcessASecondAndFifteenMinutes() {
        DashboardOptions o = DashboardOptions.defaults();
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8090), o.address());
        assertFalse(o.allowBeyondLoopback());
        assertTrue(o.localNode());
        assertTrue(o.registerMBeans());
        assertEquals(Duration.ofSeconds(1), o.interval());
        assertEquals(900, o.historySamples());
        assertEquals(null, o.token());
    }

    @Test
    void anIntervalOutsideATenthToOneSecondIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DashboardOptions.builder().interval(Duration.ofMillis(99)).build());
        assertThrows(IllegalArgumentException.class, () -> DashboardOptions.builder().interval(Duration.ofMillis(1001)).build());
        assertEquals(Duration.ofMillis(100), DashboardOptions.builder().interval(Duration.ofMillis(100)).build().interval());
        assertEquals(10, DashboardOptions.builder().interval(Duration.ofMillis(100)).history(Duration.ofSeconds(1)).build()
                .historySamples());
    }

    @Test
    void aHistoryShorterThanAnIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DashboardOptions.builder().history(Duration.ofMillis(999)).build());
        assertEquals(1, DashboardOptions.builder().history(Duration.ofSeconds(1)).build().historySamples());
    }

    @Test
    void aShortTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DashboardOptions.builder().token("123456789012345").build());
        assertEquals("1234567890123456", DashboardOptions.builder().token("1234567890123456").build().token());
    }

    @Test
    void noNodeAtAllIsRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DashboardOptions.builder().localNode(false).build());
        assertTrue(e.getMessage().contains("node"), e.getMessage());
        DashboardOptions o = DashboardOptions.builder().localNode(false)
                .node("n", new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi"), null).build();
        assertEquals(1, o.nodes().size());
        assertEquals(Map.of(), o.nodes().get(0).environment());
    }

    @Test
    void aNodeHasAConnectionOrAUrlNotBoth() throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi");
        assertThrows(IllegalArgumentException.class,
                () -> new DashboardOptions.Node("n", ManagementFactory.getPlatformMBeanServer(), url, null));
        assertThrows(IllegalArgumentException.class, () -> new DashboardOptions.Node("n", null, null, null));
        assertThrows(NullPointerException.class, () -> new DashboardOptions.Node(null, null, url, null));
    }

    @Test
    void theFlagTakesAPortOrAHostAndPort() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8090), Dashboard.parseAddress("8090"));
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8090), Dashboard.parseAddress(":8090"));
        assertEquals(new InetSocketAddress("127.0.0.2", 7), Dashboard.parseAddress("127.0.0.2:7"));
        assertEquals(new InetSocketAddress("::1", 9), Dashboard.parseAddress("[::1]:9"));
        assertThrows(IllegalArgumentException.class, () -> Dashboard.parseAddress("port"));
        assertThrows(IllegalArgumentException.class, () -> Dashboard.parseAddress("0"));
        assertThrows(IllegalArgumentException.class, () -> Dashboard.parseAddress("65536"));
        assertEquals(65535, Dashboard.parseAddress("65535").getPort());
        assertEquals(1, Dashboard.parseAddress("1").getPort());
    }

    @Test
    void withoutTheFlagNothingStarts() throws Exception {
        String old = System.clearProperty(Dashboard.PROPERTY);
        try {
            assertTrue(Dashboard.startFromProperties().isEmpty());
            System.setProperty(Dashboard.PROPERTY, " ");
            assertTrue(Dashboard.startFromProperties().isEmpty());
        } finally {
            restore(Dashboard.PROPERTY, old);
        }
    }

    @Test
    void theFlagStartsADashboardWithItsTokenFileWhereTold() throws Exception {
        String oldDir = System.setProperty(Dashboard.PROPERTY + ".dir", dir.toString());
        try {
            Dashboard d = null;
            for (int attempt = 0; d == null && attempt < 30; attempt++) {
                int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(Dashboards.FIRST_PORT, Dashboards.LAST_PORT + 1);
                System.setProperty(Dashboard.PROPERTY, String.valueOf(port));
                try {
                    d = Dashboard.startFromProperties().orElseThrow();
                } catch (java.io.IOException taken) {
                    // next port
                }
            }
            try (Dashboard started = d) {
                assertTrue(started.url().startsWith("http://127.0.0.1:" + started.port() + "/?token="), started.url());
                assertEquals(dir, started.tokenFile().getParent());
                assertTrue(Files.exists(started.tokenFile()));
                started.close(); // twice is fine
            }
            assertFalse(Files.exists(d.tokenFile()), "closing removes the token file");
        } finally {
            restore(Dashboard.PROPERTY, null);
            restore(Dashboard.PROPERTY + ".dir", oldDir);
        }
    }

    @Test
    void aBusyPortIsAnIOExceptionThatSaysWhere() throws Exception {
        try (Dashboard first = Dashboards.start(dir)) {
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> Dashboard.start(DashboardOptions.builder().port(first.port()).tokenDirectory(dir).build()));
            assertTrue(e.getMessage().contains(String.valueOf(first.port())), e.getMessage());
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
