package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.mailbox.ActorBuilder;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Behaviors;
import io.shrapnel.mailbox.Inbox;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorSystem;

/** Actors that take {@code n} messages, count down {@code done}, and exit: ours and Pekko's. */
final class CountingSinks {
    private CountingSinks() {}

    static ActorRef<Object> coro(ActorBuilder where, int n, CountDownLatch done) {
        return where.spawn((Inbox<Object> in) -> {
            for (int i = 0; i < n; i++) {
                in.receive();
            }
            done.countDown();
        });
    }

    static ActorRef<Object> handler(ActorBuilder where, int n, CountDownLatch done) {
        int[] count = new int[1];
        return where.spawnHandler(m -> {
            if (++count[0] == n) {
                done.countDown();
                return Behaviors.stopped();
            }
            return Behaviors.same();
        });
    }

    static org.apache.pekko.actor.typed.ActorRef<Object> pekko(ActorSystem<?> system, String name, int n,
                                                               CountDownLatch done) {
        int[] count = new int[1];
        return Pekko.spawn(system, org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage((Object m) -> {
            if (++count[0] == n) {
                done.countDown();
                return org.apache.pekko.actor.typed.javadsl.Behaviors.stopped();
            }
            return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
        }), name);
    }
}
