package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One-way latency to a parked receiver on another thread: the sender waits until the receiver has
 * gone idle (its loop asleep in select, or Pekko's dispatcher thread parked), stamps
 * {@code System.nanoTime()}, sends, and the receiver subtracts the stamp from its own clock.
 * Percentiles over the samples after a warm-up. Three senders into a coro parked in receive() on
 * its own loop: a platform thread, and a coro on another loop; beside a platform thread into a
 * Pekko typed actor on a one-thread dispatcher. Then the two floors, with no library at all: a
 * thread blocked in {@code Selector.select()} woken by {@code wakeup()} (how an idle loop sleeps),
 * and a thread blocked in {@code LockSupport.park()} woken by {@code unpark} (how an idle
 * fork-join worker sleeps).
 *
 * <pre>java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shrapnel.benchmarks.mailbox.OneWayLatency 20000</pre>
 */
public final class OneWayLatency {
    private static final long IDLE_NANOS = 200_000; // long enough for the receiver's thread to park

    private OneWayLatency() {}

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = samples / 4;

        Scheduler receiverLoop = Scheduler.create("receiver").start();
        Scheduler senderLoop = Scheduler.create("sender").start();
        long[] lat = new long[samples + warmup];
        AtomicInteger got = new AtomicInteger();
        ActorRef<Long> coro = Actors.named("receiver").on(receiverLoop).spawn((Inbox<Long> in) -> {
            while (true) {
                long stamp = in.receive();
                lat[got.get()] = System.nanoTime() - stamp;
                got.incrementAndGet();
            }
        });
        fromPlatformThread(coro::tell, got, lat.length);
        report("platform thread -> coro parked on another loop", lat, warmup);

        got.set(0);
        CountDownLatch done = new CountDownLatch(1);
        senderLoop.spawn(() -> {
            for (int i = 0; i < lat.length; i++) {
                Coro.sleep(Duration.ofNanos(IDLE_NANOS));
                coro.tell(System.nanoTime());
                while (got.get() <= i) {
                    Thread.onSpinWait();
                }
            }
            done.countDown();
        });
        done.await();
        report("coro on a loop  -> coro parked on another loop", lat, warmup);

        ActorSystem<Void> system = Pekko.system("latency", true);
        got.set(0);
        var pekko = Pekko.spawn(system, org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage((Long stamp) -> {
            lat[got.get()] = System.nanoTime() - stamp;
            got.incrementAndGet();
            return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
        }), "receiver");
        fromPlatformThread(pekko::tell, got, lat.length);
        report("platform thread -> Pekko actor, idle 1-thread dispatcher", lat, warmup);
        Pekko.terminate(system);

        Selector selector = Selector.open();
        AtomicLong stamp = new AtomicLong();
        got.set(0);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    selector.select();
                    record(stamp, lat, got);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        fromPlatformThread(t -> {
            stamp.set(t);
            selector.wakeup();
        }, got, lat.length);
        report("floor: Selector.select() woken by wakeup()", lat, warmup);

        got.set(0);
        Thread parker = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                LockSupport.park();
                record(stamp, lat, got);
            }
        });
        fromPlatformThread(t -> {
            stamp.set(t);
            LockSupport.unpark(parker);
        }, got, lat.length);
        report("floor: LockSupport.park() woken by unpark()", lat, warmup);
        System.exit(0);
    }

    private static void record(AtomicLong stamp, long[] lat, AtomicInteger got) {
        long s = stamp.getAndSet(0);
        if (s != 0) { // spurious wakeups carry no stamp
            lat[got.get()] = System.nanoTime() - s;
            got.incrementAndGet();
        }
    }

    private static void fromPlatformThread(LongConsumer send, AtomicInteger got, int n) {
        for (int i = 0; i < n; i++) {
            LockSupport.parkNanos(IDLE_NANOS);
            send.accept(System.nanoTime());
            while (got.get() <= i) {
                Thread.onSpinWait();
            }
        }
    }

    private static void report(String what, long[] lat, int warmup) {
        long[] s = Arrays.copyOfRange(lat, warmup, lat.length);
        Arrays.sort(s);
        System.out.printf("%-58s p50 %6.1f us  p90 %6.1f us  p99 %6.1f us  p99.9 %7.1f us  (%d samples)%n", what,
                s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3, s[(int) (s.length * 0.99)] / 1e3,
                s[(int) (s.length * 0.999)] / 1e3, s.length);
    }
}
