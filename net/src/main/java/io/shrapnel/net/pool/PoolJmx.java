package io.shrapnel.net.pool;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a pool's {@link PoolMXBean} as {@code io.shrapnel:type=Pool,name=<name>} in the
 * platform MBean server, and takes it out again.
 *
 * <p>Threading: stateless; any thread.
 */
final class PoolJmx {
    private PoolJmx() {}

    /** The object name of the pool called {@code poolName} (quoted when the name needs it). */
    static ObjectName nameOf(String poolName) {
        try {
            return new ObjectName("io.shrapnel:type=Pool,name=" + quoteIfNeeded(poolName));
        } catch (JMException e) {
            throw new IllegalArgumentException("pool name " + poolName + " cannot name a JMX object: " + e.getMessage(), e);
        }
    }

    static String quoteIfNeeded(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (",=:\"*?\\\n".indexOf(name.charAt(i)) >= 0) {
                return ObjectName.quote(name);
            }
        }
        return name;
    }

    static ObjectName register(PoolMXBean bean) {
        ObjectName name = nameOf(bean.getName());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("a pool named '" + bean.getName() + "' is already registered in JMX ("
                    + name + "); give each pool its own name, close the other pool first, "
                    + "or build the config with registerMXBean(false)", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name + ": " + e, e);
        }
        return name;
    }

    static void unregister(ObjectName name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException alreadyGone) {
            // unregistered by someone else: nothing left to do
        }
    }
}
