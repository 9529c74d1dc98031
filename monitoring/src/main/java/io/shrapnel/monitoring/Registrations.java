package io.shrapnel.monitoring;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.internal.CorosBean;
import io.shrapnel.monitoring.internal.HttpServersBean;
import io.shrapnel.monitoring.internal.MailboxesBean;
import io.shrapnel.monitoring.internal.SchedulerBean;
import io.shrapnel.monitoring.internal.SocketsBean;
import io.shrapnel.monitoring.internal.jmx.DescribedMXBean;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.UdpSock;
import io.shrapnel.net.UnixSock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * What {@link Monitoring} does, kept apart from it: a coro that calls {@code Monitoring} loads only
 * that small class on its loop, and this one (with the JMX classes it needs) is loaded and run on
 * the platform thread that does the registering. Loading it on the loop held the loop for about a
 * second on a busy machine.
 *
 * <p>Threading: any thread; registrations are serialized on a lock.
 */
final class Registrations {
    /** What this class registered in each server: the process-wide beans and each loop's names. */
    private static final Map<MBeanServer, Registered> REGISTERED = new WeakHashMap<>();

    private static final class Registered {
        final Set<ObjectName> fixed = new HashSet<>();
        final Map<Scheduler, List<ObjectName>> loops = new IdentityHashMap<>();
    }

    private Registrations() {}

    static List<ObjectName> registerNow(MBeanServer server) {
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
                    if (httpCodecPresent()) {
                        register(server, r.fixed, name("HttpServers", "all"), HttpServersBeans.create());
                    }
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

    static Void unregisterNow(MBeanServer server) {
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

    static ObjectName schedulerName(MBeanServer server, Scheduler loop) {
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

    /** True if the HTTP codec (an optional dependency) is on the path. */
    private static boolean httpCodecPresent() {
        try {
            Class.forName("io.shrapnel.codecs.http.HttpServerMetrics", false, Registrations.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Kept apart so that its reference to the HTTP codec is resolved only when the codec is there. */
    private static final class HttpServersBeans {
        static Object create() {
            return new DescribedMXBean<>(new HttpServersBean(), HttpServersMXBean.class);
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
            return new ObjectName(Monitoring.DOMAIN + ":type=" + type + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX name for " + type + " " + name, e);
        }
    }
}
