package io.shrapnel.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A probe coro run on a loop of another thread: its value, and what it threw. */
class OnLoopTest {
    @Test
    void aProbeRunsAsACoroOfTheLoopAndHandsBackItsValueOrItsFailure() throws Exception {
        Scheduler loop = Scheduler.startLoops("probed", 1).get(0);
        try {
            List<Object> seen = OnLoop.call(loop, () -> List.of(Coro.current().name(), Coro.current().scheduler()));
            assertEquals("probe", seen.get(0));
            assertSame(loop, seen.get(1));
            ExecutionException e = assertThrows(ExecutionException.class, () -> OnLoop.call(loop, () -> {
                throw new IOException("probe failed");
            }));
            assertEquals("probe failed", e.getCause().getMessage());
        } finally {
            loop.close();
        }
    }
}
