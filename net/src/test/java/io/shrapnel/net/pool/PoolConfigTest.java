package io.shrapnel.net.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PoolConfigTest {
    private static String refused(UnaryOperator<PoolConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(PoolConfig.builder("p")).build())
                .getMessage();
    }

    @Test
    void theDefaultsAreDocumented() {
        PoolConfig c = PoolConfig.builder("p").build();
        assertEquals(0, c.minSize());
        assertEquals(10, c.maxSize());
        assertEquals(Duration.ofMinutes(10), c.maxIdle());
        assertEquals(Duration.ofMinutes(30), c.maxLifetime());
        assertEquals(Duration.ofSeconds(30), c.acquireTimeout());
        assertEquals(Duration.ofSeconds(1), c.checkAfterIdle());
        assertEquals(Duration.ofSeconds(5), c.housekeeping());
        assertTrue(c.registerMXBean());
    }

    @Test
    void sizesOutOfBoundsAreRefusedWithTheFix() {
        assertTrue(refused(b -> b.maxSize(0)).contains("maxSize must be at least 1, not 0"));
        assertTrue(refused(b -> b.minSize(-1)).contains("minSize must be between 0 and maxSize"));
        assertTrue(refused(b -> b.minSize(11)).contains("raise maxSize or lower minSize"));
        assertEquals(10, PoolConfig.builder("p").minSize(10).build().minSize());
        assertEquals(1, PoolConfig.builder("p").maxSize(1).build().maxSize());
    }

    @Test
    void durationsMustMakeSense() {
        assertTrue(refused(b -> b.maxIdle(Duration.ZERO)).contains("maxIdle must be positive"));
        assertTrue(refused(b -> b.maxLifetime(Duration.ofSeconds(-1))).contains("maxLifetime must be positive"));
        assertTrue(refused(b -> b.housekeeping(Duration.ZERO)).contains("housekeeping must be positive"));
        assertTrue(refused(b -> b.acquireTimeout(Duration.ofMillis(-1))).contains("acquireTimeout must not be negative"));
        assertTrue(refused(b -> b.checkAfterIdle(Duration.ofMillis(-1))).contains("checkAfterIdle must not be negative"));
        assertEquals(Duration.ZERO, PoolConfig.builder("p").acquireTimeout(Duration.ZERO).build().acquireTimeout());
        assertEquals(Duration.ZERO, PoolConfig.builder("p").checkAfterIdle(Duration.ZERO).build().checkAfterIdle());
    }

    @Test
    void aPoolNeedsAName() {
        assertTrue(refused(b -> PoolConfig.builder(" ")).contains("non-blank name"));
        assertThrows(NullPointerException.class, () -> PoolConfig.builder(null).build());
    }
}
