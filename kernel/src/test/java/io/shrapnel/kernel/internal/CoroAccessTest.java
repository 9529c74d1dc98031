package io.shrapnel.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import org.junit.jupiter.api.Test;

/** The bridge to Coro's internals is installed once, by Coro, and cannot be replaced. */
class CoroAccessTest {
    @Test
    void aSecondInstallIsRefusedAndChangesNothing() {
        assertNull(Coro.current()); // Coro is initialised: its bridge is installed
        CoroAccess installed = CoroAccess.get();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CoroAccess.install(null));
        assertTrue(e.getMessage().contains("installed by Coro, once"), e.getMessage());
        assertSame(installed, CoroAccess.get());
    }
}
