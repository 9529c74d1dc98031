package io.shrapnel.dashboard.internal;

import io.shrapnel.monitoring.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * What the page asks a node to do, as JMX operations: one coro's stack ({@code Coros.stack}), a
 * loop's slice timing on or off, and the profiler's start and stop; the last report of each node is kept to be shown in the page.
 *
 * <p>Threading: any thread (JMX calls block: call it from an offload thread); the reports map is
 * concurrent.
 */
public final class NodeCommands {
    private final List<NodeReader> nodes;
    private final Path reportDir;
    private final Map<Integer, String> reports = new ConcurrentHashMap<>();

    public NodeCommands(List<NodeReader> nodes, Path reportDir) {
        this.nodes = nodes;
        this.reportDir = reportDir;
    }

    /** The stack of coro {@code id} on node {@code node}, as its Coros bean tells it. */
    public String stack(int node, long id) throws IOException, JMException {
        MBeanServerConnection c = connection(node);
        return String.valueOf(c.invoke(bean(c, "Coros"), "stack", new Object[] {id}, new String[] {"long"}));
    }

    /**
     * Turns slice timing of one loop on or off: {@code bean} names its {@code io.shrapnel:type=Scheduler}
     * bean (the page has it from the snapshot); anything else is refused.
     */
    public String sliceTiming(int node, String bean, boolean on) throws IOException, JMException {
        ObjectName name;
        try {
            name = new ObjectName(bean == null ? "" : bean);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("?bean= needs a loop's bean name, not " + bean);
        }
        if (!"io.shrapnel".equals(name.getDomain()) || !"Scheduler".equals(name.getKeyProperty("type")) || name.isPattern()) {
            throw new IllegalArgumentException("?bean= names no loop (io.shrapnel:type=Scheduler,name=...): " + bean);
        }
        MBeanServerConnection c = connection(node);
        c.setAttribute(name, new javax.management.Attribute("SliceTiming", on));
        return "slice timing " + (on ? "on" : "off") + " for loop " + name.getKeyProperty("name") + " of node " + nodes.get(node).name();
    }

    public String startProfiler(int node, long samplePeriodMillis) throws IOException, JMException {
        MBeanServerConnection c = connection(node);
        c.invoke(bean(c, "Profiler"), "start", new Object[] {samplePeriodMillis}, new String[] {"long"});
        return "profiling node " + nodes.get(node).name() + ", a sample every " + samplePeriodMillis + " ms";
    }

    /**
     * Stops the node's profiler. A node in this process writes its report to a file of the
     * dashboard's directory; a node reached by URL writes it to its own default file (on its machine).
     */
    public String stopProfiler(int node) throws IOException, JMException {
        MBeanServerConnection c = connection(node);
        String file = "";
        if (!nodes.get(node).connector().isRemote()) {
            Files.createDirectories(reportDir);
            file = reportDir.resolve("profile-" + ProcessHandle.current().pid() + "-node" + node + ".txt").toString();
        }
        Object summary = c.invoke(bean(c, "Profiler"), "stop", new Object[] {file}, new String[] {"java.lang.String"});
        reports.put(node, file);
        return String.valueOf(summary);
    }

    /**
     * The node's last report as an HTML page, or null if none was taken: rendered by the node itself
     * ({@code Profiler.html}), so a remote node's report shows too; a node without that operation
     * gets its report file read here (then only a node on this machine can be shown).
     */
    public String reportHtml(int node) throws IOException, JMException {
        MBeanServerConnection c = connection(node);
        String file = reports.get(node);
        if (file == null) {
            return null;
        }
        ObjectName profiler = bean(c, "Profiler");
        if (hasOperation(c, profiler, "html")) {
            return String.valueOf(c.invoke(profiler, "html", new Object[] {file}, new String[] {"java.lang.String"}));
        }
        Path path = file.isEmpty() ? io.shrapnel.monitoring.Profiler.defaultReportFile() : Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IOException("the report " + path + " is not on this machine or not readable by this user");
        }
        return Profile.read(path).toHtml();
    }

    private static boolean hasOperation(MBeanServerConnection c, ObjectName bean, String name) throws IOException, JMException {
        for (var op : c.getMBeanInfo(bean).getOperations()) {
            if (op.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private MBeanServerConnection connection(int node) throws IOException {
        checkNode(node);
        return nodes.get(node).connector().connection();
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodes.size()) {
            throw new IllegalArgumentException("no node " + node + " (there are " + nodes.size() + ")");
        }
    }

    /** The first Shrapnel bean of {@code type} on the node. */
    private static ObjectName bean(MBeanServerConnection c, String type) throws IOException, JMException {
        Set<ObjectName> found = c.queryNames(new ObjectName("io.shrapnel:type=" + type + ",*"), null);
        if (found.isEmpty()) {
            throw new JMException("the node has no io.shrapnel:type=" + type + " bean (Monitoring.registerMBeans() not called?)");
        }
        return found.iterator().next();
    }
}
