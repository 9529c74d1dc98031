package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class StatisticsTest {
    record Wanted() {}

    @Test
    void perActorAndPerLoopCountersAddUp() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<Object> picky = Actors.spawn("picky", (Inbox<Object> in) -> {
                    in.receive();
                    in.receive(Wanted.class); // passes over what comes next and keeps it
                });
                ActorRef<String> handler = Actors.spawnHandler("handler", m -> Behaviors.same());
                ActorRef<String> dead = Actors.spawn("dead", (Inbox<String> in) -> { });
                for (int i = 0; i < 3; i++) {
                    picky.tell("m" + i);
                }
                handler.tell("a");
                handler.tell("b");
                Coro.sleep(Duration.ofMillis(1));
                dead.tell("too late");

                MailboxStats p = Actors.stats(picky);
                assertEquals(2, p.depth(), "two messages wait, passed over by the selective receive");
                assertEquals(1, p.received());
                assertEquals(3, p.delivered());
                assertEquals(0, p.wakeups(), "never woken: its messages were there before it first ran");
                MailboxStats h = Actors.stats(handler);
                assertEquals(0, h.depth());
                assertEquals(2, h.received());
                assertEquals(2, h.delivered());
                assertTrue(h.handlerActor());
                assertEquals(1, Actors.stats(dead).deadLetters());

                LoopStats l = Actors.stats(loop.scheduler());
                assertEquals(1, l.coroActors());
                assertEquals(1, l.handlerActors());
                assertEquals(2, l.depth());
                assertEquals(3, l.received());
                assertEquals(5, l.delivered());
                assertEquals(1, l.deadLetters());
                assertEquals(2, l.openMailboxes());
                List<String> listed = Actors.mailboxes(loop.scheduler()).stream().map(MailboxStats::actor).toList();
                assertEquals(2, listed.size());
                assertTrue(listed.contains(picky.toString()) && listed.contains(handler.toString()), listed.toString());

                picky.tell(new Wanted());
                Actors.stop(handler);
                Coro.sleep(Duration.ofMillis(1));
                assertEquals(0, Actors.stats(loop.scheduler()).openMailboxes());
                assertEquals(2, Actors.stats(picky).deadLetters(), "the two it passed over and left behind");
            });
        }
    }
}
