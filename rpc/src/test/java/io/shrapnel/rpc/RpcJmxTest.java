package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloRequest;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** The beans as the monitoring module sees them: through the MBean server, by name and attribute. */
class RpcJmxTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private static long statusCount(String side, String status) throws Exception {
        TabularData t = (TabularData) JMX.getAttribute(new ObjectName("io.shrapnel:type=Rpc,name=" + side), "CallsByStatus");
        for (Object row : t.values()) {
            CompositeData d = (CompositeData) row;
            if (d.get("key").equals(status)) {
                return (Long) d.get("value");
            }
        }
        return 0;
    }

    private static long openConnections(String side) {
        try {
            return (Long) JMX.getAttribute(new ObjectName("io.shrapnel:type=Rpc,name=" + side), "OpenConnections");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static CompositeData method(String side, String name) throws Exception {
        CompositeData[] all = (CompositeData[]) JMX.getAttribute(new ObjectName("io.shrapnel:type=Rpc,name=" + side), "Methods");
        for (CompositeData d : all) {
            if (d.get("method").equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no method " + name);
    }

    @Test
    void countsCallsStatusesBytesAndCallsInFlight() throws Exception {
        TestGreeter greeter = new TestGreeter();
        RpcFixture.run(RpcConfig.DEFAULT, greeter, (server, channel) -> {
            long okBefore = statusCount("server", "OK");
            long notFoundBefore = statusCount("client", "NOT_FOUND");
            ObjectName clientBean = new ObjectName("io.shrapnel:type=Rpc,name=client");
            long failedBefore = (Long) JMX.getAttribute(clientBean, "CallsFailed");
            Greeter.Client c = Greeter.client(channel);
            c.sayHello(HelloRequest.newBuilder().setName("jmx").build());
            assertEquals(failedBefore, (Long) JMX.getAttribute(clientBean, "CallsFailed"), "an OK call is no failure");
            assertThrows(RpcException.class, () -> c.sayHello(HelloRequest.newBuilder().setName("status").build()));
            assertEquals(okBefore + 1, statusCount("server", "OK"));
            assertEquals(notFoundBefore + 1, statusCount("client", "NOT_FOUND"));
            assertEquals(failedBefore + 1, (Long) JMX.getAttribute(clientBean, "CallsFailed"));
            CompositeData m = method("server", "shrapnel.test.Greeter/SayHello");
            assertTrue((Long) m.get("bytesIn") > 0);
            assertTrue((Long) m.get("bytesOut") > 0);
            assertTrue((Long) m.get("errors") >= 1);
            long inFlightBefore = (Long) method("server", "shrapnel.test.Greeter/SayHello").get("callsInFlight");
            Coro.spawn(() -> c.sayHello(HelloRequest.newBuilder().setName("sleep").setSleepMillis(200).build()));
            RpcFixture.waitFor(() -> greeter.sleeping == 1, "the call to start");
            ObjectName serverBean = new ObjectName("io.shrapnel:type=Rpc,name=server");
            assertTrue((Long) JMX.getAttribute(serverBean, "CallsInFlight") >= 1);
            CompositeData sayHello = method("server", "shrapnel.test.Greeter/SayHello");
            assertEquals(inFlightBefore + 1, sayHello.get("callsInFlight"), "the sleeping call");
            assertTrue((Long) sayHello.get("callsStarted") >= 3, sayHello.toString());
            assertTrue((Long) JMX.getAttribute(serverBean, "CallsStarted") >= 3);
            long open = (Long) JMX.getAttribute(serverBean, "OpenConnections");
            assertTrue(open >= 1, "open server connections: " + open);
            assertTrue((Long) JMX.getAttribute(new ObjectName("io.shrapnel:type=Rpc,name=client"), "OpenConnections") >= 1);
            JMX.getAttribute(serverBean, "CallsPerSecond");
            c.sayHello(HelloRequest.newBuilder().setName("again").build());
            assertTrue((Double) JMX.getAttribute(serverBean, "CallsPerSecond") > 0);
            RpcFixture.waitFor(() -> channel.inFlight() == 0, "the call to end");
            channel.close();
            RpcFixture.waitFor(() -> openConnections("server") == open - 1, "the server to see the close");
        });
    }

    private static double callsPerSecond() throws Exception {
        return (Double) JMX.getAttribute(new ObjectName("io.shrapnel:type=Rpc,name=server"), "CallsPerSecond");
    }

    @Test
    void callsPerSecondIsTheCallsStartedBetweenTwoReadingsOverTheTimeBetweenThem() throws Exception {
        RpcFixture.run(RpcConfig.DEFAULT, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            c.sayHello(HelloRequest.newBuilder().setName("before").build());
            callsPerSecond();
            assertEquals(0.0, callsPerSecond(), "no call between two readings");
            int calls = 20;
            long t0 = System.nanoTime();
            callsPerSecond(); // read at some time in [t0, t1]
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                c.sayHello(HelloRequest.newBuilder().setName("counted").build());
            }
            long t2 = System.nanoTime();
            double rate = callsPerSecond(); // read at some time in [t2, t3]
            long t3 = System.nanoTime();
            double lowest = calls * 1e9 / (t3 - t0);
            double highest = calls * 1e9 / (t2 - t1);
            assertTrue(rate >= lowest && rate <= highest, rate + " calls/s, not in [" + lowest + ", " + highest + "]");
        });
    }

    private static final List<ObjectName> BEANS = beans();

    private static List<ObjectName> beans() {
        try {
            return List.of(new ObjectName("io.shrapnel:type=Rpc,name=client"), new ObjectName("io.shrapnel:type=Rpc,name=server"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** As if no channel or server had been made in this JVM yet. */
    private static void forgetTheBeans() throws Exception {
        for (ObjectName bean : BEANS) {
            if (JMX.isRegistered(bean)) {
                JMX.unregisterMBean(bean);
            }
        }
        RpcJmx.REGISTERED.set(false);
    }

    private static void assertBothBeansRegistered() {
        for (ObjectName bean : BEANS) {
            assertTrue(JMX.isRegistered(bean), bean + " registered");
        }
    }

    @Test
    void theFirstServerOfTheJvmRegistersBothBeans() throws Exception {
        RpcFixture.onLoop(() -> {
            try {
                forgetTheBeans();
                RpcServer.create(RpcConfig.DEFAULT).close();
                assertBothBeansRegistered();
            } finally {
                RpcJmx.registerOnce();
            }
        });
    }

    @Test
    void theFirstChannelOfTheJvmRegistersBothBeans() throws Exception {
        int port = Ports.free();
        RpcFixture.onLoop(() -> {
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT, new TestGreeter());
            try {
                forgetTheBeans();
                Channel.connect("127.0.0.1", port).close();
                assertBothBeansRegistered();
            } finally {
                server.close();
                RpcJmx.registerOnce();
            }
        });
    }

    @Test
    void aBeanNameTakenAlreadyIsReportedAndTheServerStillStarts() throws Exception {
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        RpcFixture.onLoop(() -> {
            try {
                forgetTheBeans();
                JMX.registerMBean(new RpcJmx(new RpcStats()), BEANS.get(0)); // someone else's bean under the client's name
                System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
                RpcServer.create(RpcConfig.DEFAULT).close();
            } finally {
                System.setErr(stderr);
                forgetTheBeans();
                RpcJmx.registerOnce();
            }
        });
        String text = said.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("shrapnel rpc: JMX beans not registered: javax.management.InstanceAlreadyExistsException"), text);
        assertBothBeansRegistered();
    }
}
