package io.shrapnel.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.internal.CorosBean;
import io.shrapnel.monitoring.internal.MailboxesBean;
import io.shrapnel.monitoring.internal.SchedulerBean;
import io.shrapnel.monitoring.internal.SocketsBean;
import io.shrapnel.monitoring.internal.jmx.DescribedMXBean;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.UdpSock;
import io.shrapnel.net.UnixSock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
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

    /** What this class registered in each server: the process-wide beans and each loop's names. */
    private static final Map<MBeanServer, Registered> REGISTERED = new WeakHashMap<>();

    private static final class Registered {
        final Set<ObjectName> fixed = new HashSet<>();
        final Map<Scheduler, List<ObjectName>> loops = new IdentityHashMap<>();
    }

    private Monitoring() {}

    /**
     * Registers the MXBeans in the platform MBean server; returns every name registered there by this
     * class. From a coro the work runs on a platform thread ({@link Coro#offload}) while the coro waits
     * and its loop runs the others: the JDK's first JMX call of a process takes a second or more.
     */
    public static List<ObjectName> registerMBeans() {
        return offLoop(() -> registerNow(ManagementFactory.getPlatformMBeanServer()));
    }

    /** Registers the MXBeans in {@code server} (off the loop when called from a coro); returns every name registered there by this class. */
    public static List<ObjectName> registerMBeans(MBeanServer server) {
        return offLoop(() -> registerNow(server));
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

    private static List<ObjectName> registerNow(MBeanServer server) {
        synchronized (REGISTERED) {
            Registered r = REGISTERED.computeIfAbsent(server, s -> new Registered());
            try {
                if (r.fixed.isEmpty()) {
                    register(server, r.fixed, name("Coros", "all"),
                            new DescribedMXBean<>(new CorosBean(Profiler::liveNumbers), CorosMXBean.class));
                    register(server, r.fixed, name("Sockets", "TcpSock"), sockets(TcpSock::stats));
                    register(server, r.fixed, name("Sockets", "UnixSock"), sockets(UnixSock::stats));
                    register(server, r.fixed, name("Sockets", "UdpSock"), sockets(UdpSock::stats));
                    register(server, r.fixed, name("Profiler", "profiler"),
                            new DescribedMXBean<>(Profiler.mxBean(), ProfilerMXBean.class));
                }
                List<Scheduler> live = Scheduler.all();
                for (var it = r.loops.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!live.contains(e.getKey())) {
                        for (ObjectName n : e.getValue()) {
                            unregister(server, n);
                        }
                        it.remove();
                    }
                }
                for (Scheduler loop : live) {
                    if (!r.loops.containsKey(loop)) {
                        r.loops.put(loop, registerLoop(server, loop));
                    }
                }
            } catch (JMException e) {
                throw new IllegalStateException("cannot register Shrapnel's MXBeans: " + e, e);
            }
            return names(r);
        }
    }

    /** Unregisters everything {@link #registerMBeans()} registered in the platform MBean server. */
    public static void unregisterMBeans() {
        offLoop(() -> unregisterNow(ManagementFactory.getPlatformMBeanServer()));
    }

    /** Unregisters everything {@link #registerMBeans(MBeanServer)} registered in {@code server} (off the loop from a coro). */
    public static void unregisterMBeans(MBeanServer server) {
        offLoop(() -> unregisterNow(server));
    }

    private static Void unregisterNow(MBeanServer server) {
        synchronized (REGISTERED) {
            Registered r = REGISTERED.remove(server);
            if (r != null) {
                for (ObjectName n : names(r)) {
                    unregister(server, n);
                }
            }
            return null;
        }
    }

    /** The name of the {@link SchedulerMXBean} of {@code loop} in {@code server}, or null if it is not registered. */
    public static ObjectName schedulerName(MBeanServer server, Scheduler loop) {
        synchronized (REGISTERED) {
            Registered r = REGISTERED.get(server);
            List<ObjectName> names = r == null ? null : r.loops.get(loop);
            return names == null ? null : names.get(0);
        }
    }

    private static List<ObjectName> registerLoop(MBeanServer server, Scheduler loop) throws JMException {
        // The first free "name", "name#2", ... for both of the loop's beans.
        for (int n = 1; ; n++) {
            String label = n == 1 ? loop.name() : loop.name() + "#" + n;
            ObjectName scheduler = name("Scheduler", label);
            ObjectName mailboxes = name("Mailboxes", label);
            if (server.isRegistered(scheduler) || server.isRegistered(mailboxes)) {
                continue;
            }
            List<ObjectName> out = new ArrayList<>(2);
            try {
                register(server, out, scheduler, new DescribedMXBean<>(new SchedulerBean(loop), SchedulerMXBean.class));
                register(server, out, mailboxes, new DescribedMXBean<>(new MailboxesBean(loop), MailboxesMXBean.class));
                return out;
            } catch (InstanceAlreadyExistsException raced) {
                out.forEach(o -> unregister(server, o)); // someone else took the name meanwhile: next one
            }
        }
    }

    private static DescribedMXBean<SocketsMXBean> sockets(java.util.function.Supplier<io.shrapnel.net.SockStats> stats) {
        return new DescribedMXBean<>(new SocketsBean(stats), SocketsMXBean.class);
    }

    private static void register(MBeanServer server, java.util.Collection<ObjectName> into, ObjectName name, Object bean)
            throws JMException {
        server.registerMBean(bean, name);
        into.add(name);
    }

    private static void unregister(MBeanServer server, ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // unregistered by someone else: nothing left to do
        } catch (JMException e) {
            throw new IllegalStateException("cannot unregister " + name + ": " + e, e);
        }
    }

    private static List<ObjectName> names(Registered r) {
        List<ObjectName> out = new ArrayList<>(r.fixed);
        r.loops.values().forEach(out::addAll);
        return out;
    }

    /** {@code io.shrapnel:type=<type>,name=<name>}, the name quoted if it has characters JMX reserves. */
    static ObjectName name(String type, String name) {
        String value = !name.isEmpty() && name.matches("[^,=:\"*?\\n]*") ? name : ObjectName.quote(name);
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX name for " + type + " " + name, e);
        }
    }
}
