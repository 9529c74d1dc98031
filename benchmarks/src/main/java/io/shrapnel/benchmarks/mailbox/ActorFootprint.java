package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Behavior;
import io.shrapnel.mailbox.Behaviors;
import io.shrapnel.mailbox.Inbox;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Spawn rate and heap per idle actor, one kind per JVM run:
 * <pre>
 *   handler          N handler actors, never sent a message (their mailbox queue is not made yet)
 *   handler-used     the same after each has handled one message (each has its JCTools queue)
 *   coro             N coro actors parked in receive(), never sent a message
 *   coro-used        the same after each has received one message
 *   pekko            N Pekko typed actors (1,000 parents of 1,000 children), idle, one-thread dispatcher
 * </pre>
 * Spawn rate: N spawns, until every actor has started (handler: its setup ran; coro: it parked in
 * receive; Pekko: its setup ran). Memory: heap used after GC, minus the array of N refs, over N.
 *
 * <pre>java --add-opens=java.base/java.lang=ALL-UNNAMED -Xmx8g -cp benchmarks/target/benchmarks.jar \
 *     io.shrapnel.benchmarks.mailbox.ActorFootprint handler 1000000</pre>
 */
public final class ActorFootprint {
    private ActorFootprint() {}

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "handler";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Coro.setLatencyWarning(Duration.ZERO); // spawning a million in one slice is the point
        Object[] refs = new Object[n];
        Scheduler loop = Scheduler.create("footprint").start();
        ActorSystem<Void> system = kind.equals("pekko") ? Pekko.system("footprint", true) : null;
        long before = usedAfterGc(); // after the loop or the actor system exist: only the actors count
        long wall0 = System.nanoTime();
        long cpu0 = cpuNanos();
        Runnable cleanup = switch (kind) {
            case "handler", "handler-used" -> handlers(loop, refs, kind.endsWith("used"));
            case "coro", "coro-used" -> coros(loop, refs, kind.endsWith("used"));
            case "pekko" -> pekko(system, refs);
            default -> throw new IllegalArgumentException("kind: handler, handler-used, coro, coro-used or pekko");
        };
        long wall = System.nanoTime() - wall0;
        long cpu = cpuNanos() - cpu0;
        long bytes = usedAfterGc() - before - (long) n * 4; // minus the array's references
        if (kind.endsWith("used")) { // the time includes a message to each: not a spawn rate
            System.out.printf("%-13s %,d actors: heap %d bytes per actor%n", kind, n, bytes / n);
        } else {
            System.out.printf("%-13s %,d actors: spawn %,.0f /s (wall), %,.0f /s (process CPU); heap %d bytes per actor%n",
                    kind, n, n / (wall / 1e9), n / (cpu / 1e9), bytes / n);
        }
        cleanup.run();
        System.exit(0);
    }

    /** N handler actors spawned from a coro on one loop; each has a setup, so each gets one turn to start. */
    private static Runnable handlers(Scheduler loop, Object[] refs, boolean used) throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Behavior<Object> idle = Behaviors.setup(ctx -> {
            started.incrementAndGet();
            return m -> Behaviors.same();
        });
        loop.spawn(() -> {
            for (int i = 0; i < refs.length; i++) {
                refs[i] = Actors.spawnHandler(null, idle);
            }
            while (started.get() < refs.length) {
                Coro.yieldSlice();
            }
            done.countDown();
        });
        done.await();
        if (used) {
            sendOneEach(loop, refs);
        }
        return () -> { }; // exiting the JVM ends everything
    }

    /** N coro actors spawned from a coro on one loop, each parked in receive(). */
    private static Runnable coros(Scheduler loop, Object[] refs, boolean used) throws InterruptedException {
        AtomicInteger parked = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        loop.spawn(() -> {
            for (int i = 0; i < refs.length; i++) {
                refs[i] = Actors.spawn(null, (Inbox<Object> in) -> {
                    parked.incrementAndGet();
                    while (true) {
                        in.receive();
                    }
                });
            }
            while (parked.get() < refs.length) {
                Coro.yieldSlice();
            }
            done.countDown();
        });
        done.await();
        if (used) {
            sendOneEach(loop, refs);
        }
        return () -> { }; // exiting the JVM ends the parked coros
    }

    /** One message to each actor, and wait until all were taken: now each has a mailbox queue. */
    private static void sendOneEach(Scheduler loop, Object[] refs) throws InterruptedException {
        for (Object r : refs) {
            @SuppressWarnings("unchecked")
            ActorRef<Object> a = (ActorRef<Object>) r;
            a.tell("one");
        }
        while (Actors.stats(loop).received() < refs.length) {
            Thread.sleep(10);
        }
    }

    record SpawnChildren(int count, CountDownLatch done, Object[] refs, int offset) {}

    /** N Pekko actors: 1,000 parents each spawning N/1,000 children, all idle. */
    private static Runnable pekko(ActorSystem<Void> system, Object[] refs) throws InterruptedException {
        int parents = 1_000;
        int perParent = refs.length / parents;
        CountDownLatch started = new CountDownLatch(refs.length);
        org.apache.pekko.actor.typed.Behavior<Object> child = org.apache.pekko.actor.typed.javadsl.Behaviors.setup(ctx -> {
            started.countDown();
            return org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(m ->
                    org.apache.pekko.actor.typed.javadsl.Behaviors.same());
        });
        org.apache.pekko.actor.typed.Behavior<SpawnChildren> parent = org.apache.pekko.actor.typed.javadsl.Behaviors.setup(ctx ->
                org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(s -> {
                    for (int i = 0; i < s.count(); i++) {
                        s.refs()[s.offset() + i] = ctx.spawnAnonymous(child);
                    }
                    return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                }));
        for (int p = 0; p < parents; p++) {
            var ref = Pekko.spawn(system, parent, "parent-" + p);
            ref.tell(new SpawnChildren(perParent, started, refs, p * perParent));
        }
        started.await();
        return () -> Pekko.terminate(system);
    }
}
