package io.shrapnel.benchmarks.mailbox;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The peer of the actor benchmarks: Apache Pekko typed, either with its defaults or with its default
 * dispatcher cut to one thread (fork-join parallelism 1), to match one Shrapnel loop.
 */
final class Pekko {
    private static final String ONE_THREAD =
            "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }";
    private static final String QUIET =
            "pekko { loglevel = WARNING, stdout-loglevel = WARNING, log-dead-letters = off, log-dead-letters-during-shutdown = off }";

    private Pekko() {}

    static ActorSystem<Void> system(String name, boolean oneThread) {
        Config c = ConfigFactory.parseString(oneThread ? ONE_THREAD : "")
                .withFallback(ConfigFactory.parseString(QUIET))
                .withFallback(ConfigFactory.load());
        return ActorSystem.create(Behaviors.empty(), name, c);
    }

    static <T> ActorRef<T> spawn(ActorSystem<?> system, Behavior<T> behavior, String name) {
        return system.systemActorOf(behavior, name, Props.empty());
    }

    static void terminate(ActorSystem<?> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
