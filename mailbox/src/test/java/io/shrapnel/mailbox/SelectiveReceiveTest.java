package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class SelectiveReceiveTest {
    sealed interface Msg permits Data, Urgent {}

    record Data(int n) implements Msg {}

    record Urgent(String what) implements Msg {}

    private static List<Msg> drain(Inbox<Msg> in, int n) {
        List<Msg> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(in.receive());
        }
        return out;
    }

    @Test
    void receiveByTypeTakesTheOldestOfThatTypeAndLeavesTheRestInOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                ActorRef<Msg> me = in.self();
                me.tell(new Data(1));
                me.tell(new Data(2));
                me.tell(new Urgent("a"));
                me.tell(new Data(3));
                me.tell(new Urgent("b"));
                List<Object> out = new ArrayList<>();
                out.add(in.receive(Urgent.class));
                out.addAll(drain(in, 4));
                return out;
            });
            assertEquals(List.of(new Urgent("a"), new Data(1), new Data(2), new Data(3), new Urgent("b")), got);
        }
    }

    @Test
    void selectiveReceiveParksUntilAMatchArrivesAndKeepsWhatCameBefore() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                ActorRef<Msg> me = in.self();
                Coro.spawn(() -> {
                    for (int i = 1; i <= 3; i++) {
                        me.tell(new Data(i));
                        Coro.sleep(Duration.ofMillis(10)); // the receiver parks between them
                    }
                    me.tell(new Data(42));
                    me.tell(new Data(4));
                });
                List<Object> out = new ArrayList<>();
                out.add(in.receive(m -> m instanceof Data d && d.n() == 42));
                out.addAll(drain(in, 4));
                return out;
            });
            assertEquals(List.of(new Data(42), new Data(1), new Data(2), new Data(3), new Data(4)), got);
        }
    }

    @Test
    void selectiveReceiveThatTimesOutKeepsThePassedOverMessages() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                in.self().tell(new Data(1));
                in.self().tell(new Data(2));
                long t0 = Coro.now();
                Optional<Urgent> none = in.receive(Urgent.class, Duration.ofSeconds(5));
                assertTrue(none.isEmpty());
                assertEquals(Duration.ofSeconds(5).toNanos(), Coro.now() - t0);
                assertEquals(2, in.depth());
                return new ArrayList<>(drain(in, 2));
            });
            assertEquals(List.of(new Data(1), new Data(2)), got);
        }
    }

    @Test
    void timedSelectiveReceiveReturnsAMatchWhenItArrivesBeforeTheDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                ActorRef<Msg> me = in.self();
                me.tell(new Data(1));
                Coro.spawn(() -> {
                    Coro.sleep(Duration.ofSeconds(2));
                    me.tell(new Data(2));
                    Coro.sleep(Duration.ofSeconds(1));
                    me.tell(new Urgent("late but in time"));
                });
                long t0 = Coro.now();
                Optional<Urgent> u = in.receive(Urgent.class, Duration.ofSeconds(5));
                assertEquals(Duration.ofSeconds(3).toNanos(), Coro.now() - t0, "returned as the match came");
                List<Object> out = new ArrayList<>();
                out.add(u.orElseThrow());
                Optional<Msg> two = in.receive(m -> m instanceof Data d && d.n() == 2, Duration.ofSeconds(5));
                assertEquals(0, Coro.now() - t0 - Duration.ofSeconds(3).toNanos(), "a waiting match: no wait");
                out.add(two.orElseThrow());
                out.addAll(drain(in, 1));
                assertEquals(0, in.depth());
                return out;
            });
            assertEquals(List.of(new Urgent("late but in time"), new Data(2), new Data(1)), got);
        }
    }

    @Test
    void timedReceiveWithAPredicateParksUntilAMatchComes() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Optional<Msg> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                ActorRef<Msg> me = in.self();
                Coro.spawn(() -> {
                    Coro.sleep(Duration.ofSeconds(4));
                    me.tell(new Data(7));
                });
                return in.receive(m -> m instanceof Data, Duration.ofSeconds(5));
            });
            assertEquals(Optional.of(new Data(7)), got);
        }
    }

    @Test
    void aPredicateThatThrowsLosesNoMessage() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                in.self().tell(new Data(1));
                in.self().tell(new Urgent("x"));
                assertThrows(IllegalArgumentException.class, () -> in.receive(m -> {
                    if (m instanceof Urgent) {
                        throw new IllegalArgumentException("picky");
                    }
                    return false;
                }));
                return new ArrayList<>(drain(in, 2));
            });
            assertEquals(List.of(new Data(1), new Urgent("x")), got);
        }
    }

    @Test
    void aLaterSelectiveReceiveFindsMessagesAnEarlierOnePassedOver() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> got = loop.call(() -> {
                Inbox<Msg> in = Actors.inbox();
                for (int i = 1; i <= 5; i++) {
                    in.self().tell(new Data(i));
                }
                in.self().tell(new Urgent("u"));
                List<Object> out = new ArrayList<>();
                out.add(in.receive(Urgent.class));
                out.add(in.receive(m -> m instanceof Data d && d.n() % 2 == 0));
                out.add(in.receive(m -> m instanceof Data d && d.n() % 2 == 0));
                out.addAll(drain(in, 3));
                return out;
            });
            assertEquals(List.of(new Urgent("u"), new Data(2), new Data(4), new Data(1), new Data(3), new Data(5)), got);
        }
    }
}
