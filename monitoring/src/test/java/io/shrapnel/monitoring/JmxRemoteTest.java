package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.net.TcpSock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MXBeans read the way JConsole reads them: through a real RMI connector on 127.0.0.1 (a
 * registry on a free port, {@link JMXConnectorFactory} on the client side), from a loop that runs
 * on its own thread while it is being looked at.
 */
@ExtendWith(CoroTestExtension.class)
class JmxRemoteTest {
    private Scheduler loop;

    @BeforeEach
    void startLoop() {
        loop = Scheduler.create("jmx-test").start();
    }

    @AfterEach
    void stopLoop() throws Exception {
        if (Profiler.isRunning()) { // a failed test must not leave it running for the next ones
            java.nio.file.Path f = java.nio.file.Files.createTempFile("jmx-test", ".profile");
            Profiler.stop(f);
            java.nio.file.Files.delete(f);
        }
        LoopShutdown.close(loop);
        Monitoring.unregisterMBeans();
    }

    private static List<CompositeData> rows(TabularData table) {
        return table.values().stream().map(CompositeData.class::cast).toList();
    }

    private static ObjectName name(String s) throws Exception {
        return new ObjectName(s);
    }

    @Test
    void loopCorosSocketsAndMailboxesAreReadThroughARemoteConnector() throws Exception {
        long bytesInBefore = TcpSock.stats().bytesIn();
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        loop.spawn("sleeper", () -> Coro.sleep(Duration.ofHours(1)));
        loop.spawn("echo-pair", () -> {
            try (TcpSock listener = TcpSock.create()) {
                LoopbackPorts.bind(port -> {
                    listener.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
                    return null;
                });
                listener.listen(5);
                try (TcpSock client = TcpSock.create()) {
                    client.connect(listener.localAddress());
                    try (TcpSock server = listener.accept()) {
                        client.sendAll(new byte[1000]);
                        server.sendAll(server.recvExact(1000));
                        client.recvExact(1000);
                    }
                }
            }
            echoed.complete(null);
        });
        ActorRef<String> idle = Actors.named("idle-actor").on(loop).spawn(inbox -> Coro.sleep(Duration.ofHours(1)));
        idle.tell("one");
        idle.tell("two");
        idle.tell("three");
        echoed.get(30, TimeUnit.SECONDS);

        List<ObjectName> registered = Monitoring.registerMBeans();
        assertTrue(registered.contains(name("io.shrapnel:type=Scheduler,name=jmx-test")), registered.toString());

        try (JmxEndpoint jmx = JmxEndpoint.startLoopback(0);
             JMXConnector connector = jmx.connect()) {
            assertTrue(jmx.url().toString().contains("rmi://127.0.0.1:" + jmx.port() + "/jmxrmi"), jmx.url().toString());
            MBeanServerConnection remote = connector.getMBeanServerConnection();

            ObjectName schedulerName = name("io.shrapnel:type=Scheduler,name=jmx-test");
            SchedulerMXBean scheduler = JMX.newMBeanProxy(remote, schedulerName, SchedulerMXBean.class);
            assertEquals("jmx-test", scheduler.getName());
            assertTrue(scheduler.isRunning());
            Awaitility.await().until(() -> scheduler.getLiveCoros() == 2); // the sleeper and the idle actor
            assertTrue(scheduler.getResumes() >= 3, "resumes " + scheduler.getResumes());
            assertTrue(scheduler.getPasses() > 0);
            assertEquals(2, scheduler.getPendingTimers(), "the two hour-long sleeps");
            assertTrue(scheduler.getSpawned() >= 3);
            assertTrue(scheduler.getPostsTaken() >= 3, "the three spawns came from the test thread");
            assertTrue(scheduler.getUptimeMillis() >= 0);
            assertEquals(2, (Integer) remote.getAttribute(schedulerName, "LiveCoros"));
            String where = scheduler.whereAll();
            assertTrue(where.contains("sleeper") && where.contains("on sleep"), where);

            ObjectName corosName = name("io.shrapnel:type=Coros,name=all");
            TabularData coros = (TabularData) remote.getAttribute(corosName, "Coros");
            CompositeData sleeper = rows(coros).stream().filter(c -> "sleeper".equals(c.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no sleeper in " + coros));
            assertEquals(sleeper, coros.get(new Object[] {sleeper.get("id")}), "indexed by id");
            TabularData states = (TabularData) remote.getAttribute(corosName, "States");
            assertEquals(2, states.get(new Object[] {"WAITING"}).get("count"), "the sleeper and the idle actor");
            assertEquals("WAITING", sleeper.get("state"));
            assertEquals("sleep", sleeper.get("blockedOn"));
            assertEquals("jmx-test", sleeper.get("loop"));
            assertEquals(-1L, sleeper.get("cpuNanos"), "no profiler runs");
            String stack = (String) remote.invoke(corosName, "stack", new Object[] {sleeper.get("id")},
                    new String[] {"long"});
            assertTrue(stack.contains("at io.shrapnel.kernel.Coro.sleep"), stack);
            String all = (String) remote.invoke(corosName, "whereAll", null, null);
            assertTrue(all.contains("idle-actor"), all);

            SocketsMXBean tcp = JMX.newMBeanProxy(remote, name("io.shrapnel:type=Sockets,name=TcpSock"),
                    SocketsMXBean.class);
            assertTrue(tcp.getBytesIn() - bytesInBefore >= 2000, "bytes in: " + (tcp.getBytesIn() - bytesInBefore));
            assertTrue(tcp.getAccepted() >= 1 && tcp.getConnected() >= 1);

            ObjectName mailboxesName = name("io.shrapnel:type=Mailboxes,name=jmx-test");
            MailboxesMXBean mailboxes = JMX.newMBeanProxy(remote, mailboxesName, MailboxesMXBean.class);
            assertEquals(3, mailboxes.getDepth());
            assertEquals(1, mailboxes.getCoroActors());
            TabularData deepest = (TabularData) remote.getAttribute(mailboxesName, "Deepest");
            CompositeData first = deepest.get(new Object[] {1});
            assertEquals(3, first.get("depth"));
            assertTrue(((String) first.get("actor")).contains("idle-actor"), first.toString());
            assertEquals(true, first.get("alive"));
        }
    }

    @Test
    void profilerStartedOverJmxShowsEachCorosRunsAndWritesItsReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Monitoring.registerMBeans();
        try (JmxEndpoint jmx = JmxEndpoint.startLoopback(0);
             JMXConnector connector = jmx.connect()) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            ProfilerMXBean profiler = JMX.newMBeanProxy(remote, name("io.shrapnel:type=Profiler,name=profiler"),
                    ProfilerMXBean.class);
            assertFalse(profiler.isRunning());
            profiler.start(5);
            assertTrue(Profiler.isRunning());
            loop.spawn("ticker", () -> {
                for (int i = 0; i < 20; i++) {
                    Coro.sleep(Duration.ofMillis(1));
                }
                Coro.sleep(Duration.ofHours(1));
            });
            CorosMXBean coros = JMX.newMBeanProxy(remote, name("io.shrapnel:type=Coros,name=all"), CorosMXBean.class);
            Awaitility.await().until(() -> rows(coros.getCoros()).stream()
                    .anyMatch(c -> "ticker".equals(c.get("name")) && (Long) c.get("resumes") == 21));
            CompositeData ticker = rows(coros.getCoros()).stream().filter(c -> "ticker".equals(c.get("name")))
                    .findFirst().orElseThrow();
            assertTrue((Long) ticker.get("cpuNanos") >= 0 && (Long) ticker.get("allocatedBytes") >= 0, ticker.toString());
            java.nio.file.Path report = dir.resolve("jmx.profile");
            String summary = profiler.stop(report.toString());
            assertTrue(summary.startsWith("wrote " + report), summary);
            assertFalse(Profiler.isRunning());
            assertTrue(Profile.read(report).coros().stream().anyMatch(c -> "ticker".equals(c.name()) && c.resumes() == 21));
            assertEquals(-1L, rows(coros.getCoros()).get(0).get("resumes"), "no numbers once the profiler stopped");
            String html = (String) remote.invoke(name("io.shrapnel:type=Profiler,name=profiler"), "html",
                    new Object[] {report.toString()}, new String[] {"java.lang.String"});
            assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("ticker"), html);
        }
    }

    @Test
    void registeringAgainFollowsLoopsStartedAndClosedAndNamesTwinsApart() throws Exception {
        Monitoring.registerMBeans();
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        Scheduler twin = Scheduler.create("jmx-test");
        try {
            Monitoring.registerMBeans();
            assertEquals(name("io.shrapnel:type=Scheduler,name=jmx-test#2"), Monitoring.schedulerName(server, twin));
            assertTrue(server.isRegistered(name("io.shrapnel:type=Mailboxes,name=jmx-test#2")));
        } finally {
            twin.close();
        }
        Monitoring.registerMBeans();
        assertFalse(server.isRegistered(name("io.shrapnel:type=Scheduler,name=jmx-test#2")));
        assertNotNull(Monitoring.schedulerName(server, loop));
        assertEquals(name("io.shrapnel:type=Scheduler,name=\"a,b=c\""), Monitoring.name("Scheduler", "a,b=c"));
    }
}
