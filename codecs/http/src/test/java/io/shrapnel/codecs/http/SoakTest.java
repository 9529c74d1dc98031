package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded soak, outside the default run ({@code ./mvnw -B -pl codecs/http verify -Psoak}, see
 * codecs/http/README.md): HTTP keep-alive clients and TCP echo clients against one loop, a tenth
 * of them killed at random mid-request (reset), for {@code -Dsoak.duration} (default 5 minutes, at
 * most 10). Every {@code -Dsoak.check} (default 30 s) the load pauses and the server must come back
 * to its baseline: no connection, the same live coros, descriptors and heap after a GC within a
 * small slack.
 */
@Tag("soak")
class SoakTest {
    private static final int HTTP_CLIENTS = 40;
    private static final int ECHO_CLIENTS = 20;
    private static final long HEAP_SLACK = 32L << 20;

    private volatile boolean paused;
    private volatile boolean over;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();

    @Test
    @Timeout(value = 11, unit = java.util.concurrent.TimeUnit.MINUTES)
    void staysAtItsBaselineUnderLoadWithClientsKilledAtRandom() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT5M"));
        Duration every = Duration.parse(System.getProperty("soak.check", "PT30S"));
        assertTrue(duration.compareTo(Duration.ofMinutes(10)) <= 0, "the soak runs at most 10 minutes");
        Router app = Router.create()
                .get("/hello", (req, res) -> res.send("hello"))
                .post("/echo", (req, res) -> res.send(req.bodyBytes()));
        try (LiveServer live = new LiveServer(app, Limits.defaults())) {
            int echoPort = live.onLoop(() -> {
                TcpSock l = TcpSock.create();
                LoopbackPorts.bind(port -> {
                    l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return l;
                });
                l.listen(1024);
                Coro.spawn("echo-accept", () -> echoServer(l));
                return ((InetSocketAddress) l.localAddress()).getPort();
            });
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < HTTP_CLIENTS; i++) {
                clients.add(Thread.ofPlatform().daemon().name("soak-http-" + i).start(() -> loop(() -> http(live.port))));
            }
            for (int i = 0; i < ECHO_CLIENTS; i++) {
                clients.add(Thread.ofPlatform().daemon().name("soak-echo-" + i).start(() -> loop(() -> echo(echoPort))));
            }
            Baseline base = null;
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                await().pollDelay(Duration.ofMillis(Math.min(every.toMillis(), (end - System.nanoTime()) / 1_000_000)))
                        .atMost(every.plusSeconds(1)).until(() -> true);
                paused = true;
                Baseline now = settle(live);
                System.out.printf("soak: %,d requests, %,d clients killed; connections 0, coros %d, fds %d, heap %,d B%n",
                        requests.get(), killed.get(), now.coros, now.fds, now.heap);
                if (base == null) {
                    base = now;
                } else {
                    Baseline b = base;
                    assertTrue(now.coros == b.coros, "coros " + now.coros + " vs baseline " + b.coros);
                    assertTrue(now.fds <= b.fds + 8, "fds " + now.fds + " vs baseline " + b.fds);
                    assertTrue(now.heap <= b.heap + HEAP_SLACK, "heap " + now.heap + " vs baseline " + b.heap);
                }
                paused = false;
            }
            over = true;
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertTrue(requests.get() > 0 && killed.get() > 0, requests + " requests, " + killed + " killed");
        }
    }

    private record Baseline(int coros, int fds, long heap) {}

    /** Waits until the clients have let go and the server has nothing left of them. */
    private Baseline settle(LiveServer live) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        int[] coros = new int[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            coros[0] = live.coros();
            return coros[0] <= 2; // the HTTP acceptor and the echo acceptor
        });
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Baseline(coros[0], LiveServer.openFds(), heap);
    }

    private static void echoServer(TcpSock listener) throws IOException {
        while (true) {
            TcpSock c = listener.accept();
            Coro.spawn("echo", () -> {
                try (c) {
                    byte[] b;
                    while ((b = c.recv(4096)).length > 0) {
                        c.sendAll(b);
                    }
                } catch (IOException e) {
                    // killed client
                }
            });
        }
    }

    private interface Session {
        void run() throws IOException;
    }

    /** Runs sessions until the soak is over, sitting out the pauses. */
    private void loop(Session s) {
        while (!over) {
            if (paused) {
                Thread.onSpinWait();
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                continue;
            }
            try {
                s.run();
            } catch (IOException e) {
                // the server refused or closed; the next session tries again
            }
        }
    }

    /** Kills the connection with a reset: what a crashed client does. */
    private void kill(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
        killed.incrementAndGet();
    }

    private void http(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 50 && !paused && !over; i++) {
                boolean post = r.nextBoolean();
                byte[] body = post ? new byte[r.nextInt(1, 2000)] : new byte[0];
                String head = post ? "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n"
                        : "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
                if (r.nextInt(10) == 0) {
                    out.write(head.substring(0, r.nextInt(head.length())).getBytes(StandardCharsets.ISO_8859_1));
                    kill(s);
                    return;
                }
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                readResponse(in);
                requests.incrementAndGet();
            }
        }
    }

    /** Reads one sized response. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        int at = head.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)));
        if (in.readNBytes(length).length != length) {
            throw new IOException("short body");
        }
    }

    private void echo(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 50 && !paused && !over; i++) {
                byte[] b = new byte[r.nextInt(1, 4096)];
                s.getOutputStream().write(b);
                if (r.nextInt(10) == 0) {
                    kill(s);
                    return;
                }
                if (s.getInputStream().readNBytes(b.length).length != b.length) {
                    throw new IOException("short echo");
                }
                requests.incrementAndGet();
            }
        }
    }
}
