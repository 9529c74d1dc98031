package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Behavior;
import io.shrapnel.mailbox.Behaviors;
import io.shrapnel.mailbox.Inbox;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two actors hit one ball back and forth: one message in flight, so every message is a hand-off.
 * Time per message (one hop). Handler actors on one loop beside Pekko typed on one thread and with
 * its defaults; coro actors beside the kernel's bare coro switch ({@code kernel.SwitchBenchmark.coroPingPong},
 * run in the same JMH invocation), which is two switches per round trip.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class PingPongBenchmark {
    static final int HITS = 200_000;

    /** The ball: how many times it has been hit, and who hit it last. */
    record Ball(int hits, ActorRef<Ball> from) {}

    record PekkoBall(int hits, org.apache.pekko.actor.typed.ActorRef<PekkoBall> from) {}

    private Scheduler loop;
    private ActorSystem<Void> pekkoOneThread;
    private ActorSystem<Void> pekkoDefault;
    private final AtomicInteger names = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench");
        pekkoOneThread = Pekko.system("pingpong1", true);
        pekkoDefault = Pekko.system("pingpong", false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
        Pekko.terminate(pekkoOneThread);
        Pekko.terminate(pekkoDefault);
    }

    private static Behavior<Ball> player() {
        return Behaviors.setup(ctx -> ball -> {
            if (ball.hits() >= HITS) {
                return Behaviors.stopped();
            }
            ball.from().tell(new Ball(ball.hits() + 1, ctx.self()));
            return ball.hits() + 1 >= HITS ? Behaviors.stopped() : Behaviors.same();
        });
    }

    /** Handler actors: the handlers run inline on the loop's dispatcher coro. */
    @Benchmark
    @OperationsPerInvocation(HITS)
    public void handlerActors() {
        ActorRef<Ball> a = Actors.named("ping").on(loop).spawnHandler(player());
        ActorRef<Ball> b = Actors.named("pong").on(loop).spawnHandler(player());
        a.tell(new Ball(0, b));
        loop.runUntilDone();
    }

    /** Coro actors: each hop wakes the other coro (one switch per message). */
    @Benchmark
    @OperationsPerInvocation(HITS)
    public void coroActors() {
        ActorRef<Ball>[] refs = coroPlayers();
        refs[0].tell(new Ball(0, refs[1]));
        loop.runUntilDone();
    }

    @SuppressWarnings("unchecked")
    private ActorRef<Ball>[] coroPlayers() {
        ActorRef<Ball>[] refs = new ActorRef[2];
        for (int i = 0; i < 2; i++) {
            refs[i] = Actors.named("player").on(loop).spawn((Inbox<Ball> in) -> {
                while (true) {
                    Ball ball = in.receive();
                    if (ball.hits() >= HITS) {
                        return;
                    }
                    ball.from().tell(new Ball(ball.hits() + 1, in.self()));
                    if (ball.hits() + 1 >= HITS) {
                        return;
                    }
                }
            });
        }
        return refs;
    }

    @Benchmark
    @OperationsPerInvocation(HITS)
    public void pekkoOneThread() throws InterruptedException {
        pekko(pekkoOneThread);
    }

    @Benchmark
    @OperationsPerInvocation(HITS)
    public void pekkoDefaults() throws InterruptedException {
        pekko(pekkoDefault);
    }

    private void pekko(ActorSystem<Void> system) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        var a = Pekko.spawn(system, pekkoPlayer(done), "ping-" + names.incrementAndGet());
        var b = Pekko.spawn(system, pekkoPlayer(done), "pong-" + names.incrementAndGet());
        a.tell(new PekkoBall(0, b));
        done.await();
    }

    private static org.apache.pekko.actor.typed.Behavior<PekkoBall> pekkoPlayer(CountDownLatch done) {
        return org.apache.pekko.actor.typed.javadsl.Behaviors.setup(ctx ->
                org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(ball -> {
                    if (ball.hits() >= HITS) {
                        done.countDown();
                        return org.apache.pekko.actor.typed.javadsl.Behaviors.stopped();
                    }
                    ball.from().tell(new PekkoBall(ball.hits() + 1, ctx.getSelf()));
                    return ball.hits() + 1 >= HITS ? org.apache.pekko.actor.typed.javadsl.Behaviors.stopped()
                            : org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                }));
    }
}
