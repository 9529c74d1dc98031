package io.shrapnel.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.monitoring.JmxEndpoint;
import io.shrapnel.monitoring.Monitoring;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one page: this process, a second MBean server given as a connection, a real
 * JMX connector on loopback (RMI, with the endpoint's credentials) read by URL, and a URL where
 * nothing listens, which shows as down with its error while the others go on.
 */
class NodesTest {
    @TempDir
    static Path dir;
    static MBeanServer second;
    static JmxEndpoint endpoint;
    static Dashboard dashboard;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        second = MBeanServerFactory.newMBeanServer();
        Monitoring.registerMBeans(second);
        endpoint = endpointInRange();
        JMXServiceURL nowhere = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + closedPort() + "/jmxrmi");
        dashboard = Dashboards.start(dir, b -> b
                .node("second", second)
                .node("remote", endpoint.url(), endpoint.environment())
                .node("down", nowhere, Map.of()));
        token = URI.create(dashboard.url()).getQuery().substring("token=".length());
    }

    @AfterAll
    static void stop() throws IOException {
        dashboard.close();
        endpoint.close();
        Monitoring.unregisterMBeans(second);
    }

    private static JmxEndpoint endpointInRange() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                return JmxEndpoint.builder().port(ThreadLocalRandom.current().nextInt(Dashboards.FIRST_PORT, Dashboards.LAST_PORT + 1))
                        .credentialsFile(dir.resolve("jmx-" + attempt + ".properties")).start();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A port of the range where nothing listens now. */
    private static int closedPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(Dashboards.FIRST_PORT, Dashboards.LAST_PORT + 1);
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port");
    }

    static String snapshot() throws IOException {
        return RawHttp.exchange(dashboard.port(), "GET /api/snapshot?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + dashboard.port() + "\r\nConnection: close\r\n\r\n");
    }

    static String request(String method, String path) throws IOException {
        return RawHttp.exchange(dashboard.port(), method + " " + path + (path.contains("?") ? "&" : "?") + "token=" + token
                + " HTTP/1.1\r\nHost: 127.0.0.1:" + dashboard.port() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aRemoteNodesProfileIsRenderedByTheNodeItself() throws IOException {
        String notYet = request("GET", "/api/profiler/report?node=2");
        assertTrue(notYet.startsWith("HTTP/1.1 404"), notYet);
        String started = request("POST", "/api/profiler/start?node=2&period=1");
        assertTrue(started.startsWith("HTTP/1.1 200") && started.contains("profiling node remote"), started);
        String stopped = request("POST", "/api/profiler/stop?node=2");
        assertTrue(stopped.startsWith("HTTP/1.1 200") && stopped.contains("wrote "), stopped);
        String report = request("GET", "/api/profiler/report?node=2");
        assertTrue(report.startsWith("HTTP/1.1 200"), report);
        assertTrue(report.contains("Content-Security-Policy: sandbox allow-scripts"), report);
        assertTrue(report.toLowerCase().contains("<html"), report);
        String down = request("POST", "/api/profiler/start?node=3");
        assertTrue(down.startsWith("HTTP/1.1 502"), down);
        String noSuchNode = request("POST", "/api/profiler/start?node=9");
        assertTrue(noSuchNode.startsWith("HTTP/1.1 400"), noSuchNode);
        String notANumber = request("GET", "/api/stack?node=0&id=x");
        assertTrue(notANumber.startsWith("HTTP/1.1 400"), notANumber);
        String foreign = RawHttp.exchange(dashboard.port(), "POST /api/profiler/start?node=0&token=" + token
                + " HTTP/1.1\r\nHost: 127.0.0.1:" + dashboard.port() + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertTrue(foreign.startsWith("HTTP/1.1 403"), foreign);
    }

    @Test
    void everyNodeShowsAndADownNodeSaysWhy() throws IOException {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String s = snapshot();
            return s.contains("\"name\":\"remote\"") && s.contains("\"name\":\"remote\",\"address\":\"service:jmx:rmi")
                    && s.matches("(?s).*\"name\":\"remote\",\"address\":\"[^\"]*\",\"ok\":true.*");
        });
        String s = snapshot();
        assertTrue(s.matches("(?s).*\"name\":\"local\",\"address\":\"this process[^\"]*\",\"ok\":true.*"), s);
        assertTrue(s.matches("(?s).*\"name\":\"second\",\"address\":\"second\",\"ok\":true,\"error\":null,\"beans\":\\[\\{.*"), s);
        assertTrue(s.matches("(?s).*\"name\":\"down\",\"address\":\"service:jmx[^\"]*\",\"ok\":false,\"error\":\"[^\"]+\",\"beans\":\\[\\].*"), s);
        // the remote node's beans are read over RMI, its Scheduler beans included
        int remote = s.indexOf("\"name\":\"remote\"");
        int down = s.indexOf("\"name\":\"down\"");
        assertTrue(s.substring(remote, down).contains("type=Scheduler"), s.substring(remote, Math.min(down, remote + 2000)));
        assertTrue(s.contains("\"remote|io.shrapnel:name="), "its numbers are series too");
    }
}
