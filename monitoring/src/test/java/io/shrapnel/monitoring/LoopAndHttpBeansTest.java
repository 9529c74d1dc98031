package io.shrapnel.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Router;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HttpServers bean after real requests from curl, and a loop's slice histogram turned on through JMX. */
@ExtendWith(CoroTestExtension.class)
class LoopAndHttpBeansTest {
    private static final ObjectName HTTP = name("io.shrapnel:type=HttpServers,name=all");
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private Scheduler loop;

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void startLoop() {
        loop = Scheduler.create("beans-test").start();
    }

    @AfterEach
    void stopLoop() {
        LoopShutdown.close(loop);
        Monitoring.unregisterMBeans();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> fn) throws Exception {
        return io.shrapnel.kernel.testing.OnLoop.call(loop, fn);
    }

    private long http(String attribute) throws Exception {
        return ((Number) mbeans.getAttribute(HTTP, attribute)).longValue();
    }

    @Test
    void httpServersBeanCountsResponsesByStatusClass() throws Exception {
        Router app = Router.create()
                .get("/ok", (req, res) -> res.send("ok"))
                .get("/moved", (req, res) -> res.status(302).header("Location", "/ok").send(""))
                .get("/ws", io.shrapnel.codecs.http.WebSocket.endpoint(ws -> ws.close(1000, "bye")))
                .get("/fail", (req, res) -> {
                    throw new IllegalStateException("on purpose");
                });
        HttpServer server = onLoop(() -> LoopbackPorts.bind(port -> HttpServer.builder().port(port).handler(app)
                .limits(io.shrapnel.codecs.http.Limits.defaults().withMaxConnectionsPerAddress(1)).build().start()));
        Object[] key = {"127.0.0.1:" + onLoop(server::port)};
        try {
            Monitoring.registerMBeans();
            long servers = http("Servers");
            assertTrue(servers >= 1, "servers: " + servers);
            int port = onLoop(server::port);
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
            for (String p : List.of("/ok", "/ok", "/missing", "/fail", "/moved")) {
                cmd.addAll(List.of("-o", "/dev/null", "-w", "%{http_code} ", "http://127.0.0.1:" + port + p));
            }
            Process curl = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String codes = new String(curl.getInputStream().readAllBytes()).trim();
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals("200 200 404 500 302", codes);
            await().atMost(Duration.ofSeconds(5)).until(() -> http("Responses") >= 5);
            assertEquals(2, http("Successful"));
            assertEquals(1, http("ClientErrors"));
            assertEquals(1, http("ServerErrors"));
            assertEquals(1, http("Redirection"));
            assertEquals(0, http("Informational"));
            try (java.net.Socket ws = new java.net.Socket("127.0.0.1", onLoop(server::port))) {
                ws.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                byte[] head = new byte[12];
                ws.getInputStream().readNBytes(head, 0, head.length);
                assertEquals("HTTP/1.1 101", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> http("Informational") == 1);
            assertEquals(6, http("Responses"));
            TabularData rows = (TabularData) mbeans.getAttribute(HTTP, "ByServer");
            CompositeData row = rows.get(key);
            assertEquals(2L, row.get("successful"));
            assertEquals(1L, row.get("redirection"));
            assertEquals(1L, row.get("informational"));
            assertEquals(1L, row.get("clientErrors"));
            assertEquals(1L, row.get("serverErrors"));
            assertTrue((Long) row.get("accepted") >= 1);
            assertTrue(http("Accepted") >= 1);
            // one connection kept alive, and a second from the same address refused (the limit is 1)
            await().atMost(Duration.ofSeconds(5)).until(() -> http("OpenConnections") == 0);
            try (java.net.Socket kept = new java.net.Socket("127.0.0.1", onLoop(server::port))) {
                kept.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                byte[] head = new byte[12];
                kept.getInputStream().readNBytes(head, 0, head.length);
                assertEquals("HTTP/1.1 200", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
                assertEquals(1, http("OpenConnections"));
                try (java.net.Socket second = new java.net.Socket("127.0.0.1", onLoop(server::port))) {
                    second.setSoTimeout(10_000);
                    String answer = new String(second.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> http("Refused") == 1);
                assertEquals(3, http("Successful"), "the refusal is not a response of a served connection");
            }
        } finally {
            onLoop(() -> {
                server.stop(Duration.ofSeconds(2));
                return null;
            });
        }
        assertFalse(((TabularData) mbeans.getAttribute(HTTP, "ByServer")).containsKey(key), "a stopped server is no longer listed");
    }

    @Test
    void sliceTimingTurnedOnThroughJmxFillsTheHistogram() throws Exception {
        Monitoring.registerMBeans();
        ObjectName scheduler = name("io.shrapnel:type=Scheduler,name=beans-test");
        assertEquals(false, mbeans.getAttribute(scheduler, "SliceTiming"));
        assertTrue(((TabularData) mbeans.getAttribute(scheduler, "SliceHistogram")).isEmpty());
        mbeans.setAttribute(scheduler, new Attribute("SliceTiming", true));
        assertTrue(loop.sliceTiming());
        assertEquals(true, mbeans.getAttribute(scheduler, "SliceTiming"));
        onLoop(() -> {
            for (int i = 0; i < 100; i++) {
                Coro.yieldSlice();
            }
            return null;
        });
        TabularData rows = (TabularData) mbeans.getAttribute(scheduler, "SliceHistogram");
        long slices = 0;
        for (Object o : rows.values()) {
            CompositeData r = (CompositeData) o;
            long from = (Long) r.get("fromNanos");
            long below = (Long) r.get("belowNanos");
            int bucket = (Integer) r.get("bucket");
            assertEquals(bucket == 0 ? 0 : 1L << (bucket - 1), from);
            assertEquals(bucket == 31 ? Long.MAX_VALUE : 1L << bucket, below);
            assertTrue((Long) r.get("slices") > 0, "only non-empty buckets are rows");
            slices += (Long) r.get("slices");
        }
        assertTrue(slices >= 100, "slices: " + slices);
        mbeans.setAttribute(scheduler, new Attribute("SliceTiming", false));
        assertFalse(loop.sliceTiming());
        // the loop's counters as the bean shows them, after a sleep (a timer) posted from this thread
        onLoop(() -> {
            Coro.sleep(Duration.ofMillis(2));
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) mbeans.getAttribute(scheduler, "UptimeMillis") > 0);
        assertTrue((Long) mbeans.getAttribute(scheduler, "TimersFired") >= 1);
        assertTrue((Long) mbeans.getAttribute(scheduler, "Selects") >= 1);
        assertTrue((Long) mbeans.getAttribute(scheduler, "SelectorWakeups") >= 1, "the probes were posted to a sleeping loop");
        assertEquals(true, mbeans.getAttribute(scheduler, "Running"));
        assertEquals(0, mbeans.getAttribute(scheduler, "ReadyCoros"));
    }

    @Test
    void aSliceOfMoreThanASecondIsInTheLastBucketWhichHasNoUpperBound() throws Exception {
        try (io.shrapnel.kernel.testing.TestLoop virtual = io.shrapnel.kernel.testing.TestLoop.virtualTime()) {
            io.shrapnel.monitoring.internal.SchedulerBean bean = new io.shrapnel.monitoring.internal.SchedulerBean(virtual.scheduler());
            bean.setSliceTiming(true);
            Duration old = Coro.setLatencyWarning(Duration.ZERO);
            try {
                virtual.run(() -> virtual.clock().advance(Duration.ofSeconds(2)));
            } finally {
                Coro.setLatencyWarning(old);
            }
            CompositeData last = bean.getSliceHistogram().get(new Object[] {31});
            assertEquals(1L, last.get("slices"));
            assertEquals(1L << 30, last.get("fromNanos"));
            assertEquals(Long.MAX_VALUE, last.get("belowNanos"));
            assertFalse(bean.isRunning(), "a test loop runs only inside run()");
        }
    }

    @Test
    void theCorosBeanCountsEveryLoopsCorosAndShowsANewOneSoon() throws Exception {
        Monitoring.registerMBeans();
        ObjectName coros = name("io.shrapnel:type=Coros,name=all");
        ((TabularData) mbeans.getAttribute(coros, "Coros")).size(); // a walk the next reads may reuse
        loop.spawn("newcomer", () -> Coro.sleep(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> ((TabularData) mbeans.getAttribute(coros, "Coros")).values().stream()
                .anyMatch(r -> "newcomer".equals(((CompositeData) r).get("name"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> (Integer) mbeans.getAttribute(coros, "Count")
                == Scheduler.all().stream().mapToInt(Scheduler::liveCoros).sum() && loop.liveCoros() >= 1);
        assertTrue((Integer) mbeans.getAttribute(coros, "Count") >= 1);
    }
}
