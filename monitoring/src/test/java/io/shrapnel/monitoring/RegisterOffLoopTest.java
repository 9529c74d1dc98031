package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Monitoring#registerMBeans(MBeanServer)} called from a coro does the JMX work off the loop:
 * an MBean server that will not finish its first registration until another coro of the same loop
 * has run a hundred times proves it (if the registration held the loop, that coro could never run
 * and the registration would give up waiting).
 */
@ExtendWith(CoroTestExtension.class)
class RegisterOffLoopTest {
    @Test
    void registeringFromACoroLetsTheLoopRunItsOtherCoros() throws Exception {
        CountDownLatch tickerRan = new CountDownLatch(1);
        AtomicLong passesWhenRegistrationBegan = new AtomicLong(-1);
        AtomicLong registrationThread = new AtomicLong(-1);
        Scheduler loop = Scheduler.create("register-off-loop").start();
        MBeanServer slow = slowServer(MBeanServerFactory.newMBeanServer(), () -> {
            if (passesWhenRegistrationBegan.compareAndSet(-1, loop.stats().passes())) {
                registrationThread.set(Thread.currentThread().threadId());
                if (!tickerRan.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the ticker never ran while registering: the loop was held");
                }
            }
        });
        CompletableFuture<List<ObjectName>> registered = new CompletableFuture<>();
        CompletableFuture<Long> tickerSawPasses = new CompletableFuture<>();
        try {
            loop.spawn("registrar", () -> registered.complete(Monitoring.registerMBeans(slow)));
            loop.spawn("ticker", () -> {
                while (passesWhenRegistrationBegan.get() < 0) {
                    Coro.yieldSlice();
                }
                long start = loop.stats().passes();
                for (int i = 0; i < 100; i++) {
                    Coro.yieldSlice();
                }
                tickerSawPasses.complete(loop.stats().passes() - start);
                tickerRan.countDown();
            });
            List<ObjectName> names = registered.get(30, TimeUnit.SECONDS);
            assertTrue(names.contains(new ObjectName("io.shrapnel:type=Scheduler,name=register-off-loop")), names.toString());
            assertTrue(tickerSawPasses.get() >= 100, "passes during the registration: " + tickerSawPasses.get());
            assertTrue(registrationThread.get() != -1 && !isVirtual(registrationThread.get()),
                    "the registration ran on a platform thread");
            assertTrue(slow.isRegistered(new ObjectName("io.shrapnel:type=Coros,name=all")));
        } finally {
            CompletableFuture<Void> gone = new CompletableFuture<>();
            loop.spawn("unregister", () -> {
                Monitoring.unregisterMBeans(slow);
                gone.complete(null);
            });
            gone.get(30, TimeUnit.SECONDS);
            assertEquals(0, slow.queryNames(new ObjectName("io.shrapnel:*"), null).size());
            loop.close();
        }
    }

    @Test
    void registeringFromAPlatformThreadWorksInPlace() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        List<ObjectName> names = Monitoring.registerMBeans(server);
        assertTrue(names.contains(new ObjectName("io.shrapnel:type=Profiler,name=profiler")), names.toString());
        Monitoring.unregisterMBeans(server);
        assertEquals(0, server.queryNames(new ObjectName("io.shrapnel:*"), null).size());
    }

    private static boolean isVirtual(long threadId) {
        return Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.threadId() == threadId);
    }

    private interface Hook {
        void run() throws Exception;
    }

    /** {@code server}, with {@code beforeRegister} run before each registration. */
    private static MBeanServer slowServer(MBeanServer server, Hook beforeRegister) {
        return (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(), new Class<?>[] {MBeanServer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerMBean")) {
                        beforeRegister.run();
                    }
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
