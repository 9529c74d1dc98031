package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a generic JMX client (JConsole, VisualVM, the dashboard) gets from every {@code io.shrapnel}
 * bean, read through a real RMI connector on 127.0.0.1: every attribute readable, of an open type
 * whose composites have named, described items and sit in tables (never an array of composites a
 * console prints as {@code CompositeDataSupport(...)}), and a description on every bean, attribute,
 * operation and parameter.
 */
@ExtendWith(CoroTestExtension.class)
class JmxReadableTest {
    private Scheduler loop;

    @BeforeEach
    void startLoop() {
        loop = Scheduler.create("jmx-readable").start();
    }

    @AfterEach
    void stopLoop() {
        LoopShutdown.close(loop);
        Monitoring.unregisterMBeans();
    }

    @Test
    void everyAttributeIsReadableAsNamedOpenDataAndEverythingIsDescribed() throws Exception {
        loop.spawn("sleeper", () -> Coro.sleep(Duration.ofHours(1)));
        ActorRef<String> idle = Actors.named("readable-actor").on(loop).spawn(inbox -> Coro.sleep(Duration.ofHours(1)));
        idle.tell("one");
        Monitoring.registerMBeans();
        try (JmxEndpoint jmx = JmxEndpoint.startLoopback(0);
             JMXConnector connector = jmx.connect()) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            Set<ObjectName> names = remote.queryNames(new ObjectName("io.shrapnel:*"), null);
            assertTrue(names.containsAll(Set.of(new ObjectName("io.shrapnel:type=Coros,name=all"),
                    new ObjectName("io.shrapnel:type=Profiler,name=profiler"),
                    new ObjectName("io.shrapnel:type=Sockets,name=TcpSock"),
                    new ObjectName("io.shrapnel:type=Scheduler,name=jmx-readable"),
                    new ObjectName("io.shrapnel:type=Mailboxes,name=jmx-readable"))), names.toString());
            List<String> problems = new ArrayList<>();
            int attributes = 0;
            int tables = 0;
            for (ObjectName n : names) {
                MBeanInfo info = remote.getMBeanInfo(n);
                described(problems, n.toString(), info.getDescription());
                for (MBeanAttributeInfo a : info.getAttributes()) {
                    String where = n + " " + a.getName();
                    described(problems, where, a.getDescription());
                    if (!OPEN_TYPES.contains(a.getType())) {
                        problems.add(where + ": of type " + a.getType() + ", not an open type");
                    }
                    Object value = remote.getAttribute(n, a.getName());
                    attributes++;
                    if (value instanceof TabularData t) {
                        tables++;
                        checkComposite(problems, where, t.getTabularType().getRowType());
                        for (Object row : t.values()) {
                            checkComposite(problems, where, ((CompositeData) row).getCompositeType());
                        }
                    } else if (value instanceof CompositeData c) {
                        checkComposite(problems, where, c.getCompositeType());
                    } else if (value != null && value.getClass().isArray()) {
                        problems.add(where + ": an array of " + value.getClass().getComponentType().getSimpleName()
                                + " (a console shows it as one opaque line)");
                    } else if (value != null && !OPEN_TYPES.contains(value.getClass().getName())) {
                        problems.add(where + ": a " + value.getClass().getName());
                    }
                }
                for (MBeanOperationInfo o : info.getOperations()) {
                    String where = n + " " + o.getName() + "()";
                    described(problems, where, o.getDescription());
                    for (MBeanParameterInfo p : o.getSignature()) {
                        described(problems, where + " parameter " + p.getName(), p.getDescription());
                        if (p.getName().matches("p\\d+")) {
                            problems.add(where + ": parameter without a name (" + p.getName() + ")");
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                fail(String.join("\n", problems));
            }
            assertTrue(attributes >= 40, "attributes read: " + attributes);
            assertEquals(5, tables, "Coros, States, Deepest, SliceHistogram, HttpServers ByServer");
            MBeanOperationInfo stack = java.util.Arrays.stream(
                    remote.getMBeanInfo(new ObjectName("io.shrapnel:type=Coros,name=all")).getOperations())
                    .filter(o -> o.getName().equals("stack")).findFirst().orElseThrow();
            assertEquals("id", stack.getSignature()[0].getName());
            assertEquals("The coro's id (the id column of Coros)", stack.getSignature()[0].getDescription());
        }
    }

    /** The attribute types a generic client understands: simple open types and tables (declared and as read). */
    private static final Set<String> OPEN_TYPES = Set.of("int", "long", "boolean", "double",
            Integer.class.getName(), Long.class.getName(), Boolean.class.getName(), Double.class.getName(),
            String.class.getName(), TabularData.class.getName());

    private static void described(List<String> problems, String what, String description) {
        if (description == null || description.isBlank()) {
            problems.add(what + ": no description");
        }
    }

    private static void checkComposite(List<String> problems, String where, CompositeType type) {
        assertNotNull(type);
        if (type.keySet().isEmpty()) {
            problems.add(where + ": a composite without items");
        }
        for (String item : type.keySet()) {
            described(problems, where + "." + item, type.getDescription(item));
            if (item.equals(type.getDescription(item))) {
                problems.add(where + "." + item + ": described by its own name only");
            }
            if (!(type.getType(item) instanceof SimpleType<?>)) {
                problems.add(where + "." + item + ": a nested " + type.getType(item).getTypeName());
            }
        }
        assertFalse(type.getTypeName().startsWith("java."), where + ": " + type.getTypeName());
    }
}
