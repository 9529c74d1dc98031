package io.shrapnel.monitoring.internal.jmx;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;

/**
 * Stands between remote JMX clients and the MBean server and refuses what would let a client run
 * code or write files as the server's user: operations and attribute writes on the JDK's diagnostic
 * beans ({@code com.sun.management:*}: {@code DiagnosticCommand} with its {@code jvmtiAgentLoad},
 * {@code HotSpotDiagnostic.dumpHeap} to a path of the client's choice, {@code setVMOption}) and on
 * Flight Recorder ({@code jdk.management.jfr:*}, which copies recordings to any path), and remote
 * {@code createMBean} and {@code unregisterMBean} (an {@code MLet} created remotely loads classes
 * from a URL). Reading attributes and every other
 * operation (the project's beans, thread dumps, gc) pass.
 *
 * <p>A refusal is a {@link SecurityException} naming the opt-in that lifts it; the client sees it
 * as such.
 *
 * <p>Threading: immutable once the connector server set it up; called on RMI's threads.
 */
public final class JmxGuard implements InvocationHandler {
    /** Domains whose beans may be read but not invoked or written. */
    private static final Set<String> GUARDED_DOMAINS = Set.of("com.sun.management", "jdk.management.jfr");
    /**
     * The remote methods that load classes or make or remove beans. (The class-loader methods of
     * {@link MBeanServer} are not reachable remotely; the connector itself calls them to read
     * parameters, so they pass.)
     */
    private static final Set<String> REFUSED_METHODS = Set.of("createMBean", "unregisterMBean");
    static final String OPT_IN = "JmxEndpoint.builder().allowDiagnostics()";

    private MBeanServer target;

    private JmxGuard() {
    }

    /** A forwarder that refuses the operations above; the connector server gives it its target. */
    public static MBeanServerForwarder create() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(JmxGuard.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new JmxGuard());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> toString();
            };
        }
        if (name.equals("getMBeanServer") && args == null) {
            return target;
        }
        if (name.equals("setMBeanServer") && args != null && args.length == 1) {
            if (target != null) {
                throw new IllegalStateException("the guard already forwards to " + target);
            }
            target = (MBeanServer) args[0];
            return null;
        }
        String refusal = refusal(name, args);
        if (refusal != null) {
            throw new SecurityException(refusal);
        }
        if (target == null) {
            throw new IllegalStateException("the guard forwards to no MBean server yet");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Why the call {@code name(args)} is refused, or null to let it through. */
    static String refusal(String name, Object[] args) {
        if (REFUSED_METHODS.contains(name)) {
            return "JMX " + name + " is refused: remote clients may not create or remove MBeans; to allow it, start the endpoint with " + OPT_IN;
        }
        boolean writes = name.equals("invoke") || name.equals("setAttribute") || name.equals("setAttributes");
        if (writes && args != null && args.length > 0 && args[0] instanceof ObjectName bean
                && GUARDED_DOMAINS.contains(bean.getDomain())) {
            return "JMX " + name + " on " + bean + " is refused: diagnostic commands, agent loading, heap dumps, "
                    + "VM options and flight recordings are closed to remote clients; to allow them, start the "
                    + "endpoint with " + OPT_IN;
        }
        return null;
    }

    @Override
    public String toString() {
        return "JMX guard for " + target;
    }
}
