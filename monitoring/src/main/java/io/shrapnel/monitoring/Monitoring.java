package io.shrapnel.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Shrapnel's MXBeans, under {@code io.shrapnel:type=...,name=...}, readable from JConsole, VisualVM,
 * {@code jcmd} and any JMX client:
 *
 * <ul>
 *   <li>{@code type=Scheduler,name=<loop>}: one per loop ({@link SchedulerMXBean});
 *   <li>{@code type=Mailboxes,name=<loop>}: the actors of each loop ({@link MailboxesMXBean});
 *   <li>{@code type=Coros,name=all}: every live coro, the {@code whereAll()} view ({@link CorosMXBean});
 *   <li>{@code type=Sockets,name=TcpSock|UnixSock|UdpSock} ({@link SocketsMXBean});
 *   <li>{@code type=Profiler,name=profiler}: start and stop the {@link Profiler} ({@link ProfilerMXBean}).
 * </ul>
 *
 * <pre>{@code
 * Monitoring.registerMBeans();                       // the platform MBean server
 * try (JmxEndpoint jmx = JmxEndpoint.startLoopback(9010)) { ... }   // optional: a remote connector on 127.0.0.1
 * }</pre>
 *
 * {@link #registerMBeans()} registers the loops that exist when it is called: call it again after
 * starting more loops (it is idempotent, and it unregisters the beans of loops closed since). Two
 * loops with the same name get {@code name=<loop>}, {@code name=<loop>#2}, ...
 *
 * <p>Threading: any thread or coro (from a coro the registration runs on a platform thread and the
 * loop keeps running); registrations are serialized on a lock.
 */
public final class Monitoring {
    public static final String DOMAIN = "io.shrapnel";

    private Monitoring() {}

    /**
     * Registers the MXBeans in the platform MBean server; returns every name registered there by this
     * class. From a coro the work runs on a platform thread ({@link Coro#offload}) while the coro waits
     * and its loop runs the others: the JDK's first JMX call of a process takes a second or more.
     */
    public static List<ObjectName> registerMBeans() {
        return offLoop(() -> Registrations.registerNow(ManagementFactory.getPlatformMBeanServer()));
    }

    /** Registers the MXBeans in {@code server} (off the loop when called from a coro); returns every name registered there by this class. */
    public static List<ObjectName> registerMBeans(MBeanServer server) {
        return offLoop(() -> Registrations.registerNow(server));
    }

    /**
     * {@code work}'s result; from a coro, computed on a platform thread while the coro waits without
     * holding its loop (the work takes locks other threads may hold for long).
     */
    private static <T> T offLoop(Callable<T> work) {
        try {
            return Coro.current() == null ? work.call() : Coro.offload(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("JMX registration failed: " + e, e);
        }
    }

    /** Unregisters everything {@link #registerMBeans()} registered in the platform MBean server. */
    public static void unregisterMBeans() {
        offLoop(() -> Registrations.unregisterNow(ManagementFactory.getPlatformMBeanServer()));
    }

    /** Unregisters everything {@link #registerMBeans(MBeanServer)} registered in {@code server} (off the loop from a coro). */
    public static void unregisterMBeans(MBeanServer server) {
        offLoop(() -> Registrations.unregisterNow(server));
    }

    /** The name of the {@link SchedulerMXBean} of {@code loop} in {@code server}, or null if it is not registered. */
    public static ObjectName schedulerName(MBeanServer server, Scheduler loop) {
        return Registrations.schedulerName(server, loop);
    }

    /** {@code io.shrapnel:type=<type>,name=<name>}, the name quoted if it has characters JMX reserves. */
    static ObjectName name(String type, String name) {
        return Registrations.name(type, name);
    }
}
