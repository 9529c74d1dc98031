package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backdoor against the attacks that held it: snippets left running after end of input, sessions
 * that stopped counting before they were gone, and clients without the token that flood telnet
 * negotiations and never read.
 */
@ExtendWith(CoroTestExtension.class)
class BackdoorResilienceTest {
    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    Path dir;

    private Scheduler loop;
    private Backdoor.Listening backdoor;
    private final List<Socket> raw = new ArrayList<>();

    @BeforeEach
    void startLoop() {
        loop = Scheduler.create("bd-resilience").start();
        ReplProbe.release = false;
    }

    @AfterEach
    void stop() throws IOException {
        ReplProbe.release = true;
        for (Socket s : raw) {
            s.close();
        }
        try {
            if (backdoor != null) {
                backdoor.close();
            }
            Awaitility.await("backdoor coros gone").atMost(Duration.ofSeconds(30)).until(() -> loop.liveCoros() == 0);
        } finally {
            loop.close();
        }
    }

    private String socket() {
        return dir.resolve("bd").toString();
    }

    private static long sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("shrapnel-backdoor-") && t.isAlive()).count();
    }

    @Test
    void endOfInputStopsARunawaySnippetAndItsThreadGoes() throws Exception {
        long threadsBefore = sessionThreads();
        backdoor = Backdoor.unix(Path.of(socket())).inputEndGrace(Duration.ofMillis(200)).startOn(loop);
        try (ClientProcess spin = ClientProcess.start("nc", "-N", "-U", socket());
             ClientProcess sleep = ClientProcess.start("nc", "-N", "-U", socket())) {
            spin.send("{ System.out.println(\"spinning\"); while (true) { } }\n");
            sleep.send("{ System.out.println(\"sleeping\"); Thread.sleep(600_000); }\n");
            spin.await("spinning");
            sleep.await("sleeping");
            Awaitility.await().until(() -> sessionThreads() == threadsBefore + 2);
            spin.endInput();
            sleep.endInput();
            String out = spin.awaitExit();
            assertTrue(out.contains("^C (input ended 200 ms ago)"), out);
            assertTrue(sleep.awaitExit().contains("^C (input ended"), sleep.output());
        }
        Awaitility.await("the sessions are gone").until(() -> backdoor.sessions() == 0);
        Awaitility.await("their threads are gone").until(() -> sessionThreads() == threadsBefore);
    }

    @Test
    void linesSentBeforeEndOfInputAreStillAnswered() throws Exception {
        backdoor = Backdoor.unix(Path.of(socket())).inputEndGrace(Duration.ofSeconds(30)).startOn(loop);
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket())) {
            String out = nc.send("6 * 7\n\"still\" + \" here\"\n").endInput().awaitExit();
            assertTrue(Pattern.compile("\\$\\d+ ==> 42").matcher(out).find(), out);
            assertTrue(out.contains("==> \"still here\""), out);
        }
    }

    @Test
    void queuedLinesTogetherLongerThanTheGraceAreAllAnsweredWhileEachFinishesWithinIt() throws Exception {
        // Each snippet takes 0.5 of the grace, four of them twice the grace: the grace is per step
        // (a busy machine compiles each line slowly), so none is stopped.
        backdoor = Backdoor.unix(Path.of(socket())).inputEndGrace(Duration.ofMillis(1_500)).startOn(loop);
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket())) {
            nc.send("6 * 7\n").await("==> 42"); // JShell is up: its start is not part of what is timed
            String line = "{ Thread.sleep(750); }\n";
            String out = nc.send(line + line + line + line + "\"all \" + \"four\"\n").endInput().awaitExit();
            assertTrue(out.contains("==> \"all four\""), out);
            assertFalse(out.contains("^C"), out);
        }
    }

    @Test
    void aSessionCountsUntilItsSnippetHasReallyStopped() throws Exception {
        backdoor = Backdoor.unix(Path.of(socket())).maxSessions(1).inputEndGrace(Duration.ofMillis(100)).startOn(loop);
        try (ClientProcess stubborn = ClientProcess.start("nc", "-N", "-U", socket())) {
            // ignores being stopped: only the test lets it go
            stubborn.send("ReplProbe.ignoreStops()\n");
            stubborn.await("started");
            stubborn.endInput();
            stubborn.await("^C (input ended");
            try (ClientProcess second = ClientProcess.start("nc", "-N", "-U", socket())) {
                String out = second.awaitExit(); // turned away at once: nothing to send
                assertTrue(out.contains("too many backdoor sessions (1)"), out);
            }
            assertEquals(1, backdoor.sessions(), "the stubborn one still counts");
            ReplProbe.release = true;
            stubborn.awaitExit();
        }
        Awaitility.await().until(() -> backdoor.sessions() == 0);
        try (ClientProcess third = ClientProcess.start("nc", "-N", "-U", socket())) {
            third.send("1 + 1\n").await("==> 2"); // (input ending at once would be stopped after 100 ms)
            third.endInput().awaitExit();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(backdoor.address());
        raw.add(s);
        return s;
    }

    /** Writes {@code pattern} again and again until the backdoor closes the connection; completes then. */
    private static CompletableFuture<IOException> flood(Socket s, byte[] pattern) {
        CompletableFuture<IOException> closed = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("flood").start(() -> {
            byte[] block = new byte[pattern.length * 4096];
            for (int i = 0; i < block.length; i += pattern.length) {
                System.arraycopy(pattern, 0, block, i, pattern.length);
            }
            try {
                OutputStream out = s.getOutputStream();
                while (true) {
                    out.write(block);
                }
            } catch (IOException e) {
                closed.complete(e);
            }
        });
        return closed;
    }

    private static final byte[] NEGOTIATIONS = bytes(0xff, 0xfd, 0x01, 0xff, 0xfb, 0x1f, 0xff, 0xf4, 0xff, 0xfd, 0x06);

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void eightClientsFloodingNegotiationsWithoutReadingCannotLockTheTokenOut() throws Exception {
        backdoor = LoopbackPorts.bind(port -> Backdoor.tcp(port, TOKEN).startOn(loop)); // default limit 8, default token patience
        List<CompletableFuture<IOException>> floods = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            floods.add(flood(connect(), NEGOTIATIONS));
        }
        Awaitility.await().until(() -> backdoor.sessions() == 8);
        int port = ((InetSocketAddress) backdoor.address()).getPort();
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "127.0.0.1", String.valueOf(port))) {
            String out = nc.send(TOKEN + "\n6 * 7\n").endInput().awaitExit();
            assertTrue(Pattern.compile("\\$\\d+ ==> 42").matcher(out).find(), out);
        }
        floods.get(0).get(30, TimeUnit.SECONDS); // the client that waited longest made room
    }

    @Test
    void aClientWithoutTheTokenIsClosedAtItsDeadlineWhateverItsBuffersHold() throws Exception {
        backdoor = LoopbackPorts.bind(port -> Backdoor.tcp(port, TOKEN).tokenPatience(Duration.ofMillis(300)).startOn(loop));
        CompletableFuture<IOException> closed = flood(connect(), NEGOTIATIONS);
        IOException e = closed.get(30, TimeUnit.SECONDS);
        assertTrue(e.getMessage() != null, e.toString());
        Awaitility.await().until(() -> backdoor.sessions() == 0);
    }

    @Test
    void aClientThatStopsReadingIsClosedAfterTheWriteTimeout() throws Exception {
        backdoor = Backdoor.unix(Path.of(socket())).writeTimeout(Duration.ofMillis(300)).startOn(loop);
        java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(backdoor.address());
        try (ch) {
            ch.write(java.nio.ByteBuffer.wrap("{ for (int i = 0; ; i++) System.out.println(\"line \" + i); }\n".getBytes()));
            // never reads: the writer's send stalls, then the session is closed and its snippet stopped
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> backdoor.sessions() == 0);
        }
    }

    @Test
    void closingTheBackdoorStopsASnippetAtOnceWhateverItsGrace() throws Exception {
        long threadsBefore = sessionThreads();
        backdoor = Backdoor.unix(Path.of(socket())).inputEndGrace(Duration.ofHours(1)).startOn(loop);
        try (ClientProcess spin = ClientProcess.start("nc", "-N", "-U", socket())) {
            spin.send("{ System.out.println(\"spinning\"); while (true) { } }\n");
            spin.await("spinning");
            spin.endInput();
            backdoor.close();
            Awaitility.await("the session is gone").until(() -> backdoor.sessions() == 0);
            Awaitility.await("its thread is gone").until(() -> sessionThreads() == threadsBefore);
            spin.awaitExit();
        }
    }

    @Test
    void theTimeoutsMustBePositive() {
        Backdoor b = Backdoor.unix(Path.of(socket()));
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.tokenPatience(bad));
            assertTrue(e.getMessage().contains("tokenPatience"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.inputEndGrace(bad));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.writeTimeout(bad));
        }
        org.junit.jupiter.api.Assertions.assertSame(b, b.tokenPatience(Duration.ofNanos(1)).inputEndGrace(Duration.ofNanos(1))
                .writeTimeout(Duration.ofNanos(1)));
    }
}
