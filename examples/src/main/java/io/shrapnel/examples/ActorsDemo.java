package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Behaviors;
import io.shrapnel.mailbox.ChildSpec;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Supervisor;
import io.shrapnel.mailbox.SupervisorSpec;
import java.time.Duration;

/**
 * Actors in one screen: a supervised coro actor (a counter) and a handler actor (a greeter). The
 * counter is asked, made to crash, restarted by its supervisor with fresh state, and asked again.
 * {@code bin/demo actors}
 */
public final class ActorsDemo {
    sealed interface Counter permits Add, Get, Crash {}

    record Add(int n) implements Counter {}

    record Get(ActorRef<Integer> replyTo) implements Counter {}

    record Crash() implements Counter {}

    private ActorsDemo() {}

    static void counter(Inbox<Counter> in) {
        int total = 0;
        while (true) {
            switch (in.receive()) {
                case Add a -> total += a.n();
                case Get g -> g.replyTo().tell(total);
                case Crash c -> throw new IllegalStateException("asked to crash at " + total);
            }
        }
    }

    public static void main(String[] args) {
        Coro.setExceptionNotifier((coro, error) ->
                System.out.println("(the notifier saw " + coro.name() + " die: " + error.getMessage() + ")"));
        Coro.spawn("main", () -> {
            Supervisor sup = Supervisor.start("sup", SupervisorSpec.oneForOne()
                    .intensity(3, Duration.ofSeconds(5))
                    .child(ChildSpec.permanent("counter", () -> Actors.spawn("counter", ActorsDemo::counter))));
            ActorRef<Counter> counter = sup.<Counter>child("counter").orElseThrow();
            for (int i = 1; i <= 3; i++) {
                counter.tell(new Add(i));
            }
            System.out.println("counter says " + counter.<Integer>ask(Get::new, Duration.ofSeconds(1)));

            Inbox<Object> me = Actors.inbox();
            me.monitor(counter, down -> down);
            counter.tell(new Crash());
            Down down = me.receive(Down.class);
            System.out.println("counter exited: " + down.reason().getMessage());
            ActorRef<Counter> fresh = sup.<Counter>child("counter").orElseThrow();
            System.out.println("restarted by its supervisor (" + sup.restarts() + " restart); fresh counter says "
                    + fresh.<Integer>ask(Get::new, Duration.ofSeconds(1)));

            ActorRef<String> greeter = Actors.spawnHandler("greeter", name -> {
                System.out.println("greeter: hello, " + name);
                return Behaviors.stopped();
            });
            me.monitor(greeter, d -> d);
            greeter.tell("actors");
            me.receive(Down.class);

            sup.stop();
            me.monitor(sup.ref(), d -> d);
            me.receive(Down.class);
            System.out.println("supervisor stopped; dead letters so far: " + io.shrapnel.mailbox.DeadLetters.count());
            Coro.setExit(0);
        });
        Coro.eventLoop();
    }
}
