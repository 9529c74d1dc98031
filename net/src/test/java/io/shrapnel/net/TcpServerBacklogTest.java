package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void theDefaultBacklogIsTheKernelsSomaxconnUpTo1024() throws Exception {
        int somaxconn = Math.min(1024, Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).strip()));
        assertEquals(somaxconn, TcpServer.defaultBacklog());
        Scheduler loop = Scheduler.create("backlog").start();
        try (TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(loop),
                conn -> conn.close())) {
            assertEquals(somaxconn, listenBacklog(server.address().getPort()));
        } finally {
            loop.close();
        }
    }
}
