package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The values the mailbox hands to applications: exit notices, dead letters, markers, configs, errors. */
@ExtendWith(CoroTestExtension.class)
class SignalRecordsTest {
    private static ActorRef<String> exited(String name) {
        ActorRef<String> a = Actors.spawn(name, (Inbox<String> in) -> { });
        Coro.sleep(Duration.ofMillis(1));
        assertFalse(a.isAlive());
        return a;
    }

    @Test
    void exitAndDownSayWhetherTheActorEndedNormallyAndWhy() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> a = exited("gone");
                IllegalStateException boom = new IllegalStateException("boom");
                assertTrue(new Exit(a, null).isNormal());
                assertFalse(new Exit(a, boom).isNormal());
                assertTrue(new Down(a, null).isNormal());
                assertFalse(new Down(a, boom).isNormal());
                assertEquals("Exit[" + a + " normal]", new Exit(a, null).toString());
                assertEquals("Exit[" + a + " " + boom + "]", new Exit(a, boom).toString());
                assertEquals("Down[" + a + " normal]", new Down(a, null).toString());
                assertEquals("Down[" + a + " " + boom + "]", new Down(a, boom).toString());
            });
        }
    }

    @Test
    void aDeadLetterNamesItsCauseRecipientAndMessage() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> a = exited("gone");
                assertEquals("DeadLetter[MAILBOX_FULL to " + a + ": hello]",
                        new DeadLetter(a, "hello", DeadLetter.Cause.MAILBOX_FULL).toString());
            });
        }
    }

    @Test
    void anAskTimeoutNamesTheActorTheRequestAndTheWaitAndSaysWhetherTheActorHadExited() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> gone = exited("gone");
                AskTimeoutException dead = new AskTimeoutException(gone, "ping", Duration.ofSeconds(2));
                assertEquals(gone + " did not answer ping within 2 s (it has exited)", dead.getMessage());
                assertSame(gone, dead.actor());
                assertEquals("ping", dead.request());
                assertEquals(Duration.ofSeconds(2), dead.timeout());

                ActorRef<String> alive = Actors.spawn("alive", (Inbox<String> in) -> in.receive());
                AskTimeoutException slow = new AskTimeoutException(alive, "ping", Duration.ofMillis(250));
                assertEquals(alive + " did not answer ping within 250 ms", slow.getMessage());
                alive.tell("bye");
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }

    @Test
    void theSameAndStoppedMarkersAreNotBehavioursToRun() {
        assertEquals("Behaviors.same()", Behaviors.same().toString());
        assertEquals("Behaviors.stopped()", Behaviors.stopped().toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Behaviors.<String>same().receive("x"));
        assertEquals("Behaviors.same() is a marker returned by handlers, not a behaviour to run", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Behaviors.<String>stopped().receive("x"));
        assertThrows(IllegalStateException.class,
                () -> Behaviors.<String>setup(ctx -> Behaviors.same()).receive("x"));
    }

    @Test
    void onlyACapacityAboveZeroIsBounded() {
        assertFalse(MailboxConfig.unbounded().isBounded());
        assertEquals(0, MailboxConfig.unbounded().capacity());
        assertTrue(MailboxConfig.bounded(1).isBounded());
        assertEquals(Overflow.PARK_SENDER, MailboxConfig.bounded(1).overflow());
        assertThrows(IllegalArgumentException.class, () -> MailboxConfig.bounded(0));
        assertThrows(IllegalArgumentException.class, () -> new MailboxConfig(-1, Overflow.PARK_SENDER));
        assertThrows(IllegalArgumentException.class, () -> new MailboxConfig((1 << 28) + 1, Overflow.PARK_SENDER));
        assertEquals(1 << 28, new MailboxConfig(1 << 28, Overflow.PARK_SENDER).capacity());
    }
}
