package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Publisher-confirm bookkeeping of one channel, without a broker: numbering, settling, failing. */
class ConfirmsTest {
    private interface Body {
        void run(Confirms c) throws Exception;
    }

    /** A confirm-mode channel's bookkeeping, used from a coro (confirmations are loop objects). */
    private static void confirming(Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Confirms c = new Confirms();
                c.enable();
                body.run(c);
            });
        }
    }

    private static List<Confirmation> publish(Confirms c, int n) {
        return Stream.generate(c::next).limit(n).toList();
    }

    private static List<Boolean> done(List<Confirmation> cs) {
        return cs.stream().map(Confirmation::isDone).toList();
    }

    @Test
    void withoutConfirmSelectNothingIsTracked() {
        Confirms c = new Confirms();
        assertFalse(c.enabled());
        assertNull(c.next());
        assertEquals(0, c.size());
        c.enable();
        assertTrue(c.enabled());
    }

    @Test
    void publishesAreNumberedFromOne() throws Exception {
        confirming(c -> {
            assertEquals(List.of(1L, 2L, 3L), publish(c, 3).stream().map(Confirmation::sequence).toList());
            assertEquals(3, c.size());
        });
    }

    @Test
    void aSingleAckSettlesOnlyItsTag() throws Exception {
        confirming(c -> {
            List<Confirmation> cs = publish(c, 3);
            c.settle(2, false, true);
            assertEquals(List.of(false, true, false), done(cs));
            assertEquals(2, c.size());
        });
    }

    @Test
    void aMultipleAckSettlesEveryTagUpToItsOwn() throws Exception {
        confirming(c -> {
            List<Confirmation> cs = publish(c, 4);
            c.settle(3, true, true);
            assertEquals(List.of(true, true, true, false), done(cs));
            assertEquals(1, c.size());
            cs.getFirst().await(); // acked: returns
        });
    }

    @Test
    void aNackFailsThePublishWithItsNumber() throws Exception {
        confirming(c -> {
            List<Confirmation> cs = publish(c, 3);
            c.settle(2, true, false);
            assertEquals(List.of(true, true, false), done(cs));
            PublishFailedException e = assertThrows(PublishFailedException.class, () -> cs.get(1).await());
            assertEquals(2, e.sequence());
            assertEquals("publish #2 was nacked by the broker", e.getMessage());
        });
    }

    @Test
    void aLostChannelFailsEveryOpenPublishAndNumbersAfresh() throws Exception {
        confirming(c -> {
            List<Confirmation> cs = publish(c, 3);
            c.settle(1, false, true);
            IOException reason = new IOException("connection reset");
            c.failAll(reason);
            assertEquals(0, c.size());
            assertEquals(List.of(true, true, true), done(cs));
            assertEquals(1, c.next().sequence());
            cs.get(0).await(); // acked before the loss: stays acked
            PublishFailedException e = assertThrows(PublishFailedException.class, () -> cs.get(2).await());
            assertEquals("publish #3 was in flight when the channel closed: connection reset", e.getMessage());
            assertSame(reason, e.getCause());
        });
    }

    @Test
    void awaitAllWaitsForEveryPublishAndThrowsTheFirstFailure() throws Exception {
        confirming(c -> {
            List<Confirmation> cs = publish(c, 4);
            Coro.spawn(() -> {
                c.settle(1, false, true);
                c.settle(2, false, false);
                c.settle(3, false, false);
                c.settle(4, false, true);
            });
            PublishFailedException e = assertThrows(PublishFailedException.class, c::awaitAll);
            assertEquals(2, e.sequence());
            assertEquals(List.of(true, true, true, true), done(cs));
            assertEquals(0, c.size());
            c.awaitAll(); // nothing open: returns at once
        });
    }
}
