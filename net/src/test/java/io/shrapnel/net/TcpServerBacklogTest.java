package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listen backlog a TcpServer asks for, as the kernel reports it ({@code ss}: a listener's Send-Q). */
@ExtendWith(CoroTestExtension.class)
class TcpServerBacklogTest {
    /** The backlog of the socket listening on {@code port}, from {@code ss -ltnH}. */
    static int listenBacklog(int port) throws Exception {
        Process p = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        // State Recv-Q Send-Q Local:Port Peer:Port; for a listener Send-Q is the backlog
        return Integer.parseInt(out.lines().findFirst().orElseThrow(() -> new AssertionError("no listener on " + port))
                .trim().split("\\s+")[2]);
    }

    /** The sysctl as cat(1) reads it, independent of how TcpServer reads it. */
    private static String sysctl(String name) throws Exception {
        Process p = new ProcessBuilder("cat", "/proc/sys/" + name.replace('.', '/')).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aSysctlThatCannotBeReadOrIsNotPositiveGivesTheFallback() {
        assertEquals(77, TcpServer.parseSysctl("/nonexistent/sysctl", 77));
        assertEquals(77, TcpServer.parseSysctl("/dev/null", 77));
    }

    @Test
    void theDefaultBacklogIsTheKernelsSomaxconnUpTo1024() throws Exception {
        int somaxconn = Math.min(1024, Integer.parseInt(sysctl("net.core.somaxconn")));
        assertTrue(somaxconn >= 128, "somaxconn " + somaxconn + " (Linux's floor since 2.6 is 128)");
        assertEquals(somaxconn, TcpServer.defaultBacklog());
        assertEquals(Integer.parseInt(sysctl("net.core.somaxconn")), TcpServer.readSomaxconn());
        Scheduler loop = Scheduler.create("backlog").start();
        try (TcpServer server = LoopbackPorts.bind(port -> TcpServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), List.of(loop), conn -> conn.close()))) {
            assertEquals(somaxconn, listenBacklog(server.address().getPort()));
        } finally {
            loop.close();
        }
    }
}
