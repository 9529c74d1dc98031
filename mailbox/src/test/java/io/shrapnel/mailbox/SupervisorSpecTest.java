package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorSpecTest {
    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    @Test
    void theDefaultsAreThreeRestartsInFiveSecondsNoBackoffAndFiveSecondsToStop() {
        SupervisorSpec s = SupervisorSpec.oneForAll();
        assertEquals(SupervisorSpec.Strategy.ONE_FOR_ALL, s.strategy());
        assertEquals(3, s.maxRestarts());
        assertEquals(Duration.ofSeconds(5), s.within());
        assertEquals(Duration.ZERO, s.minBackoff());
        assertEquals(Duration.ZERO, s.maxBackoff());
        assertEquals(Duration.ofSeconds(5), s.shutdownTimeout());
        assertEquals(Duration.ZERO, s.backoffFor(1));
        assertEquals(Duration.ZERO, s.backoffFor(7));
    }

    @Test
    void theSettingsAreKept() {
        SupervisorSpec s = SupervisorSpec.restForOne().intensity(0, ms(10)).backoff(ms(5), ms(50)).shutdownTimeout(ms(70));
        assertEquals(SupervisorSpec.Strategy.REST_FOR_ONE, s.strategy());
        assertEquals(0, s.maxRestarts());
        assertEquals(ms(10), s.within());
        assertEquals(ms(5), s.minBackoff());
        assertEquals(ms(50), s.maxBackoff());
        assertEquals(ms(70), s.shutdownTimeout());
    }

    @Test
    void theBackoffDoublesFromTheMinimumAndStopsAtTheMaximum() {
        SupervisorSpec s = SupervisorSpec.oneForOne().backoff(ms(100), ms(1000));
        List<Duration> waits = List.of(s.backoffFor(1), s.backoffFor(2), s.backoffFor(3), s.backoffFor(4),
                s.backoffFor(5), s.backoffFor(6), s.backoffFor(40));
        assertEquals(List.of(ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000)), waits);
    }

    @Test
    void aMaximumThatIsAPowerOfTwoOfTheMinimumIsReachedExactly() {
        SupervisorSpec s = SupervisorSpec.oneForOne().backoff(ms(100), ms(400));
        assertEquals(List.of(ms(100), ms(200), ms(400), ms(400)),
                List.of(s.backoffFor(1), s.backoffFor(2), s.backoffFor(3), s.backoffFor(4)));
    }

    @Test
    void aFixedBackoffHasTheMinimumEqualToTheMaximum() {
        SupervisorSpec s = SupervisorSpec.oneForOne().backoff(ms(300), ms(300));
        assertEquals(ms(300), s.backoffFor(1));
        assertEquals(ms(300), s.backoffFor(3));
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.oneForOne().backoff(ms(300), ms(299)));
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.oneForOne().backoff(ms(-1), ms(10)));
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.oneForOne().intensity(-1, ms(10)));
        assertEquals(0, SupervisorSpec.oneForOne().intensity(0, ms(10)).maxRestarts());
        ChildSpec a = ChildSpec.permanent("a", () -> null);
        assertThrows(IllegalArgumentException.class, () -> SupervisorSpec.oneForOne().child(a).child(a));
    }
}
