package io.shrapnel.dashboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

/**
 * Reads one node's beans through its {@link MBeanServerConnection}: every attribute of every
 * {@code io.shrapnel:*} bean, whatever it is called, and a few of the JVM's own (memory, garbage
 * collectors, threads, CPU, uptime). One {@code getAttributes} per bean; each bean's attribute names
 * and descriptions are read once. Tables (the coros with their stacks, the deepest mailboxes) are the
 * dear part: the sampler asks for them only for the views a page shows.
 *
 * <p>Threading: one thread at a time (an offload thread of the dashboard's sampler). JMX calls
 * block, so it never runs on a loop.
 */
public final class NodeReader {
    /** The JVM's beans that are read, with the attributes worth a dashboard (the rest are big or slow). */
    private static final Map<String, List<String>> JVM_BEANS = Map.of(
            "java.lang:type=Memory", List.of("HeapMemoryUsage", "NonHeapMemoryUsage"),
            "java.lang:type=Threading", List.of("ThreadCount", "DaemonThreadCount", "PeakThreadCount"),
            "java.lang:type=GarbageCollector,*", List.of("CollectionCount", "CollectionTime"),
            "java.lang:type=OperatingSystem", List.of("ProcessCpuLoad", "ProcessCpuTime", "SystemLoadAverage",
                    "AvailableProcessors"),
            "java.lang:type=Runtime", List.of("Uptime", "Name", "VmVersion"));

    private final String name;
    private final NodeConnector connector;
    /** Attribute and operation names of each bean, read once (an MBeanInfo is a round trip). */
    private final Map<ObjectName, BeanShape> shapes = new HashMap<>();

    /**
     * What is read of a bean: {@code attributes} always, {@code all} (tables too) when a page shows
     * the bean's tables.
     */
    private record BeanShape(String[] attributes, String[] all, String operationsJson, String descriptionsJson) {}

    public NodeReader(String name, NodeConnector connector) {
        this.name = name;
        this.connector = connector;
    }

    public String name() {
        return name;
    }

    public NodeConnector connector() {
        return connector;
    }

    /** Reads the node now, every attribute of every bean; a node that cannot be read gives a sample with its error. */
    public NodeSample read() {
        return read(type -> true);
    }

    /**
     * Reads the node now; the tables ({@code TabularData} attributes: rows, not numbers for charts,
     * and the dearest to build) only of beans whose type {@code tablesOf} accepts.
     */
    public NodeSample read(Predicate<String> tablesOf) {
        try {
            MBeanServerConnection c = connector.connection();
            Map<String, Double> numbers = new LinkedHashMap<>();
            Json beans = new Json(new StringBuilder(8192)).beginArray();
            for (ObjectName n : names(c)) {
                readBean(c, n, beans, numbers, tablesOf);
            }
            beans.endArray();
            return new NodeSample(name, connector.address(), null, beans.toString(), numbers);
        } catch (IOException | JMException | RuntimeException e) {
            connector.failed();
            shapes.clear();
            return new NodeSample(name, connector.address(), String.valueOf(e), "[]", Map.of());
        }
    }

    private static Set<ObjectName> names(MBeanServerConnection c) throws IOException, JMException {
        Set<ObjectName> out = new TreeSet<>(c.queryNames(new ObjectName("io.shrapnel:*"), null));
        for (String pattern : JVM_BEANS.keySet()) {
            out.addAll(c.queryNames(new ObjectName(pattern), null));
        }
        return out;
    }

    private void readBean(MBeanServerConnection c, ObjectName n, Json beans, Map<String, Double> numbers,
                          Predicate<String> tablesOf) throws IOException {
        BeanShape shape;
        try {
            shape = shape(c, n);
        } catch (JMException gone) {
            return; // unregistered between the query and now
        }
        List<Attribute> values;
        try {
            String[] wanted = shape.all().length > shape.attributes().length && tablesOf.test(n.getKeyProperty("type"))
                    ? shape.all() : shape.attributes();
            values = c.getAttributes(n, wanted).asList();
        } catch (JMException gone) {
            return;
        }
        beans.beginObject()
                .key("name").value(n.getCanonicalName())
                .key("domain").value(n.getDomain())
                .key("type").value(n.getKeyProperty("type"))
                .key("label").value(n.getKeyProperty("name"));
        beans.key("attrs").beginObject();
        for (Attribute a : values) {
            beans.key(a.getName());
            OpenValues.write(beans, a.getValue());
            OpenValues.numbers(name + "|" + n.getCanonicalName() + "|" + a.getName(), a.getValue(), numbers);
        }
        beans.endObject();
        beans.key("ops").raw(shape.operationsJson());
        if (shape.descriptionsJson() != null) {
            beans.key("descriptions").raw(shape.descriptionsJson());
        }
        beans.endObject();
    }

    private BeanShape shape(MBeanServerConnection c, ObjectName n) throws IOException, JMException {
        BeanShape s = shapes.get(n);
        if (s != null) {
            return s;
        }
        MBeanInfo info = c.getMBeanInfo(n);
        List<String> wanted = jvmAttributes(n);
        List<String> attributes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            if (a.isReadable() && (wanted == null || wanted.contains(a.getName()))) {
                all.add(a.getName());
                if (!TabularData.class.getName().equals(a.getType())) {
                    attributes.add(a.getName());
                }
                String d = a.getDescription();
                if (d != null && !d.isBlank() && !d.equals(a.getName())) {
                    descriptions.put(a.getName(), d);
                }
            }
        }
        List<String> operations = new ArrayList<>();
        if (wanted == null) {
            for (MBeanOperationInfo o : info.getOperations()) {
                operations.add(o.getName());
            }
        }
        Json ops = new Json().beginArray();
        operations.forEach(ops::value);
        Json texts = new Json().beginObject();
        descriptions.forEach((k, v) -> texts.key(k).value(v));
        // written once per bean, not once per snapshot
        s = new BeanShape(attributes.toArray(String[]::new), all.toArray(String[]::new), ops.endArray().toString(),
                descriptions.isEmpty() ? null : texts.endObject().toString());
        shapes.put(n, s);
        return s;
    }

    /** The attributes read of a JVM bean; null for Shrapnel's beans (all of them). */
    private static List<String> jvmAttributes(ObjectName n) throws JMException {
        for (Map.Entry<String, List<String>> e : JVM_BEANS.entrySet()) {
            if (new ObjectName(e.getKey()).apply(n)) {
                return e.getValue();
            }
        }
        return null;
    }
}
