package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.internal.FrameBuffer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server and a channel on one test loop over real loopback TCP, torn down after the body, with
 * the checks every test gets: no coro (TestLoop fails on live coros), no off-heap frame buffer and
 * no file descriptor left behind.
 */
final class RpcFixture {
    interface Body {
        void run(RpcServer server, Channel channel) throws Exception;
    }

    private static boolean warmedUp;

    private RpcFixture() {}

    static void run(RpcConfig config, RpcService service, Body body) throws Exception {
        warmUp();
        long buffers = FrameBuffer.live();
        Set<String> fdsBefore = fdTargets();
        runOnce(config, service, body);
        assertEquals(buffers, FrameBuffer.live(), "off-heap frame buffers left behind");
        assertNoNewFds(fdsBefore);
    }

    /**
     * The first two connections of a JVM open descriptors for good (jars, the selector's pipe, and a
     * socket the JDK never binds: a one-time probe): done once before anything is counted.
     */
    static void warmUp() throws Exception {
        if (!warmedUp) {
            warmedUp = true;
            for (int i = 0; i < 2; i++) {
                runOnce(RpcConfig.DEFAULT, new TestGreeter(),
                        (server, channel) -> Health.client(channel).check(HealthCheckRequest.getDefaultInstance()));
            }
        }
    }

    private static void runOnce(RpcConfig config, RpcService service, Body body) throws Exception {
        int port = Ports.free();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), config, service);
                Channel channel = Channel.connect("127.0.0.1", port, config);
                try {
                    body.run(server, channel);
                } finally {
                    channel.close();
                    server.close();
                }
                // let the readers, writers and call coros see the close and end
                waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        }
    }

    /** A body for {@link #onLoop}. */
    interface LoopBody {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} in a coro of a fresh test loop, then waits for every other coro to end and
     * checks that no off-heap frame buffer is left behind.
     */
    static void onLoop(LoopBody body) throws Exception {
        warmUp();
        long buffers = FrameBuffer.live();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                body.run();
                waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        }
        assertEquals(buffers, FrameBuffer.live(), "off-heap frame buffers left behind");
    }

    /** NIO closes a channel's descriptor when its selector next deregisters the key: allow a moment. */
    static void assertNoNewFds(Set<String> before) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fdTargets().size() <= before.size());
        } catch (ConditionTimeoutException e) {
            Set<String> after = fdTargets();
            after.removeAll(before);
            throw new AssertionError("file descriptors left behind: " + after);
        }
    }

    /** Yields on the loop until {@code condition} holds (bounded: 5 s of real time). */
    static void waitFor(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; coros: " + Coro.whereAll());
            }
            Coro.sleep(Duration.ofMillis(1));
        }
    }

    static Set<String> fdTargets() {
        Set<String> out = new TreeSet<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File f : fds == null ? new File[0] : fds) {
            try {
                out.add(f.getName() + "->" + Files.readSymbolicLink(f.toPath()));
            } catch (IOException gone) {
                // the directory's own descriptor, closed meanwhile
            }
        }
        return out;
    }
}
