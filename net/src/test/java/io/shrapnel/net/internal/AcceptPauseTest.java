package io.shrapnel.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The back-off of a listener out of descriptors, on virtual time (ReliabilityTest exhausts real
 * descriptors, which cannot run under PIT): which errors count, how long each pause is, and that a
 * working accept ends the episode.
 */
@ExtendWith(CoroTestExtension.class)
class AcceptPauseTest {
    private static final IOException EMFILE = new IOException("Too many open files");

    @Test
    void onlyResourceErrorsPauseTheListener() {
        assertTrue(AcceptPause.isResourceExhaustion(new IOException("accept: Too many open files")));
        assertTrue(AcceptPause.isResourceExhaustion(new IOException("No buffer space available")));
        assertTrue(AcceptPause.isResourceExhaustion(new IOException("Cannot allocate memory")));
        assertFalse(AcceptPause.isResourceExhaustion(new IOException("Connection reset by peer")));
        assertFalse(AcceptPause.isResourceExhaustion(new IOException((String) null)));
    }

    /** The length of each of {@code n} pauses in a row. */
    private static List<Duration> pauses(AcceptPause p, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long before = Coro.now();
            p.pause(EMFILE);
            out.add(Duration.ofNanos(Coro.now() - before));
        }
        return out;
    }

    @Test
    void pausesDoubleFrom10MsUpToASecondAndAWorkingAcceptStartsOver() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AcceptPause p = new AcceptPause("listener");
                assertEquals(0, p.pauses());
                List<Duration> ms = pauses(p, 9);
                assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L),
                        ms.stream().map(Duration::toMillis).toList());
                assertEquals(9, p.pauses());
                p.resumed();
                assertEquals(0, p.pauses());
                assertEquals(List.of(10L, 20L), pauses(p, 2).stream().map(Duration::toMillis).toList());
                p.resumed();
                p.resumed();
                assertEquals(0, p.pauses());
                assertEquals(10, pauses(p, 1).getFirst().toMillis());
            });
        }
    }
}
