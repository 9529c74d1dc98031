package io.shrapnel.net.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class PoolJmxTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void statisticsAreInJmxWhileThePoolIsOpen() throws Exception {
        ObjectName name = new ObjectName("io.shrapnel:type=Pool,name=jmx-orders");
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pool<FakeConnector.Conn> pool = Pool.create(PoolConfig.builder("jmx-orders").maxSize(3).build(),
                        new FakeConnector());
                try (Lease<FakeConnector.Conn> lease = pool.acquire()) {
                    assertEquals(1, server.getAttribute(name, "InUse"));
                    assertEquals(3, server.getAttribute(name, "MaxSize"));
                    assertEquals(1L, server.getAttribute(name, "Acquired"));
                }
                assertEquals(1, server.getAttribute(name, "Idle"));
                pool.close();
                assertFalse(server.isRegistered(name));
            });
        }
    }

    @Test
    void aSecondPoolWithTheSameNameIsRefusedWithTheFix() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pool<FakeConnector.Conn> pool = Pool.create(PoolConfig.builder("twin").build(), new FakeConnector());
                try {
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> Pool.create(PoolConfig.builder("twin").build(), new FakeConnector()));
                    assertTrue(e.getMessage().contains("give each pool its own name"), e.getMessage());
                } finally {
                    pool.close();
                }
                Pool.create(PoolConfig.builder("twin").build(), new FakeConnector()).close();
            });
        }
    }

    @Test
    void namesWithJmxSpecialCharactersAreQuoted() throws Exception {
        assertEquals("plain-name_1", PoolJmx.quoteIfNeeded("plain-name_1"));
        for (String odd : new String[] {"a,b", "a=b", "a:b", "a\"b", "a*b", "a?b", "a\\b", "a\nb"}) {
            assertEquals(ObjectName.quote(odd), PoolJmx.quoteIfNeeded(odd), odd);
        }
        ObjectName name = PoolJmx.nameOf("db=1,x");
        assertEquals("db=1,x", ObjectName.unquote(name.getKeyProperty("name")));
        assertEquals("Pool", name.getKeyProperty("type"));
        assertEquals("io.shrapnel", name.getDomain());
    }
}
