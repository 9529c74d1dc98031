package io.shrapnel.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Private ranges (31900-31999) keep these tests apart from the JVM-wide range other tests use. */
class LoopbackPortsTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void portsComeFromTheDefaultRangeBelowTheEphemeralOnes() throws IOException {
        assertEquals(21000, LoopbackPorts.first());
        assertEquals(21999, LoopbackPorts.last());
        for (int i = 0; i < 50; i++) {
            int p = LoopbackPorts.tcp();
            assertTrue(p >= 21000 && p <= 21999, "port " + p);
            int u = LoopbackPorts.udp();
            assertTrue(u >= 21000 && u <= 21999, "port " + u);
        }
        InetSocketAddress a = LoopbackPorts.address();
        assertEquals(LO, a.getAddress());
        assertTrue(a.getPort() >= 21000 && a.getPort() <= 21999, a.toString());
    }

    @Test
    void threadsOfOneJvmNeverGetTheSamePort() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger handed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        seen.add(LoopbackPorts.tcp());
                        handed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertEquals(320, handed.get());
        assertEquals(320, seen.size(), "a port was handed out twice");
    }

    @Test
    void aPortTakenForTcpOrUdpIsSkipped() throws IOException {
        LoopbackPorts ports = new LoopbackPorts("31950-31952", 0);
        int first = ports.next();
        assertEquals(31950, first);
        try (ServerSocket tcp = new ServerSocket(31951, 1, LO); DatagramSocket udp = new DatagramSocket(31952, LO)) {
            assertFalse(LoopbackPorts.free(31951));
            assertFalse(LoopbackPorts.free(31952));
            assertEquals(31950, ports.next(), "31951 (TCP) and 31952 (UDP) are taken; the cursor wraps");
            IOException none = assertThrows(IOException.class, () -> {
                try (ServerSocket also = new ServerSocket(31950, 1, LO)) {
                    ports.next();
                }
            });
            assertTrue(none.getMessage().contains("31950-31952"), none.getMessage());
        }
        assertTrue(LoopbackPorts.free(31951));
    }

    @Test
    void aPortWithAConnectionInTimeWaitIsNotHandedOut() throws IOException {
        // The side that closes first keeps the connection in TIME_WAIT on its port: here the server's.
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LO, 31940), 1);
            try (java.net.Socket client = new java.net.Socket(LO, 31940)) {
                server.accept().close();
                client.getInputStream().read(); // the server's FIN
            }
        }
        assertFalse(LoopbackPorts.free(31940), "a server without SO_REUSEADDR could not bind it");
    }

    @Test
    void theStartDependsOnTheSeedAndWraps() throws IOException {
        assertEquals(31990 + 97 % 10, new LoopbackPorts("31990-31999", 1).next());
        assertEquals(31990, new LoopbackPorts("31990-31999", 10).next());
        LoopbackPorts two = new LoopbackPorts("31980-31981", 1);
        assertEquals(31981, two.next());
        assertEquals(31980, two.next());
        assertEquals(31981, two.next());
    }

    @Test
    void rangesOutsideTheAllowedOnesAreRefused() {
        for (String bad : new String[] {"21000", "21000-32768", "1023-2000", "2000-1999", "x-y"}) {
            assertThrows(IllegalArgumentException.class, () -> new LoopbackPorts(bad, 0), bad);
        }
        assertDoesNotThrow(() -> new LoopbackPorts("1024-1024", 5));
        assertDoesNotThrow(() -> new LoopbackPorts("32767-32767", 5));
        assertDoesNotThrow(() -> new LoopbackPorts(" 31000 - 31001 ", 5));
    }

    @Test
    void bindRetriesWithTheNextPortWhenTheBindFails() throws IOException {
        LoopbackPorts ports = new LoopbackPorts("31960-31969", 0);
        List<Integer> tried = new ArrayList<>();
        ServerSocket s = ports.bindWith(port -> {
            tried.add(port);
            if (tried.size() < 3) {
                throw new BindException("taken by another process");
            }
            return new ServerSocket(port, 1, LO);
        });
        try (s) {
            assertEquals(List.of(31960, 31961, 31962), tried);
            assertEquals(31962, s.getLocalPort());
        }
    }

    @Test
    void otherErrorsAreNotRetried() {
        LoopbackPorts ports = new LoopbackPorts("31970-31979", 0);
        AtomicInteger calls = new AtomicInteger();
        IOException e = new IOException("not a bind problem");
        assertSame(e, assertThrows(IOException.class, () -> ports.bindWith(port -> {
            calls.incrementAndGet();
            throw e;
        })));
        assertEquals(1, calls.get());
    }

    @Test
    void bindGivesUpAfterItsAttempts() {
        LoopbackPorts ports = new LoopbackPorts("31900-31949", 0);
        Set<Integer> tried = new HashSet<>();
        IOException e = assertThrows(IOException.class, () -> ports.bindWith(port -> {
            tried.add(port);
            throw new BindException("taken");
        }));
        assertEquals(LoopbackPorts.BIND_ATTEMPTS, tried.size());
        assertTrue(e.getMessage().contains("31900-31949") && e.getMessage().contains("20 attempts"), e.getMessage());
        assertEquals("taken", e.getSuppressed()[0].getMessage());
    }

    @Test
    void theStaticBindHandsTheBinderAPortOfTheRange() throws IOException {
        try (ServerSocket s = LoopbackPorts.bind(port -> new ServerSocket(port, 1, LO))) {
            assertTrue(s.getLocalPort() >= 21000 && s.getLocalPort() <= 21999);
        }
    }
}
