package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class AskTest {
    sealed interface Msg permits Get, Slow, Quit {}

    record Get(String key, ActorRef<String> replyTo) implements Msg {}

    record Slow(Duration delay, ActorRef<String> replyTo) implements Msg {}

    record Quit() implements Msg {}

    private static ActorRef<Msg> server(String name, Scheduler loop) {
        return Actors.named(name).on(loop).spawn((Inbox<Msg> in) -> {
            while (true) {
                switch (in.receive()) {
                    case Get g -> g.replyTo().tell("value of " + g.key());
                    case Slow s -> Coro.spawn(() -> {
                        Coro.sleep(s.delay());
                        s.replyTo().tell("slow answer");
                    });
                    case Quit q -> {
                        return;
                    }
                }
            }
        });
    }

    @Test
    void askReturnsTheReply() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            String r = loop.call(() -> {
                ActorRef<Msg> s = server("kv", loop.scheduler());
                String v = s.ask(reply -> new Get("a", reply), Duration.ofSeconds(1));
                s.tell(new Quit());
                Coro.sleep(Duration.ofMillis(1));
                return v;
            });
            assertEquals("value of a", r);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void askTimeoutNamesTheActorAndTheRequestAndFiresExactlyOnTime() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] waited = new long[1];
            AskTimeoutException e = loop.call(() -> {
                ActorRef<Msg> s = server("sluggish", loop.scheduler());
                long t0 = Coro.now();
                AskTimeoutException err = assertThrows(AskTimeoutException.class,
                        () -> s.<String>ask(reply -> new Slow(Duration.ofSeconds(5), reply), Duration.ofSeconds(2)));
                waited[0] = Coro.now() - t0;
                Coro.sleep(Duration.ofSeconds(5)); // the late answer comes
                s.tell(new Quit());
                Coro.sleep(Duration.ofMillis(1));
                return err;
            });
            assertEquals(Duration.ofSeconds(2).toNanos(), waited[0]);
            assertTrue(e.getMessage().contains("sluggish"), e.getMessage());
            assertTrue(e.getMessage().contains("Slow[delay=PT5S"), e.getMessage());
            assertTrue(e.getMessage().contains("2 s"), e.getMessage());
            assertTrue(e.request() instanceof Slow);
        }
    }

    @Test
    void aLateReplyBecomesADeadLetter() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<DeadLetter> letters = loop.call(() -> {
                List<DeadLetter> seen = new ArrayList<>();
                ActorRef<DeadLetter> watcher = Actors.spawn("dead-letter-watch", (Inbox<DeadLetter> in) -> {
                    seen.add(in.receive());
                });
                DeadLetters.subscribe(watcher);
                try {
                    ActorRef<Msg> s = server("late", loop.scheduler());
                    assertThrows(AskTimeoutException.class,
                            () -> s.<String>ask(reply -> new Slow(Duration.ofSeconds(3), reply), Duration.ofSeconds(1)));
                    Coro.sleep(Duration.ofSeconds(3));
                    s.tell(new Quit());
                    Coro.sleep(Duration.ofMillis(1));
                } finally {
                    DeadLetters.unsubscribe(watcher);
                }
                return seen;
            });
            assertEquals(1, letters.size());
            assertEquals("slow answer", letters.get(0).message());
            assertSame(DeadLetter.Cause.LATE_REPLY, letters.get(0).cause());
        }
    }

    @Test
    void aPlatformThreadCanAskACoroActorOnARunningLoop() throws Exception {
        try (Scheduler loop = Scheduler.create("asked").start()) {
            ActorRef<Msg> s = server("remote-kv", loop);
            assertEquals("value of b", s.<String>ask(reply -> new Get("b", reply), Duration.ofSeconds(10)));
            AskTimeoutException e = assertThrows(AskTimeoutException.class,
                    () -> s.<String>ask(reply -> new Slow(Duration.ofMinutes(10), reply), Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("remote-kv"));
            Actors.stop(s);
            loop.setExit(0);
            loop.awaitExit(Duration.ofSeconds(10));
            for (Coro c : loop.coros()) {
                c.shutdown(); // the sleeper of the slow request
            }
            loop.runUntilDone();
        }
    }
}
