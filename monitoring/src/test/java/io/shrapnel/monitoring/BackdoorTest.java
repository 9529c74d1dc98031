package io.shrapnel.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * The backdoor driven by the real clients its users type into: socat and nc over the Unix socket,
 * nc and telnet over TCP. The loop runs on its own thread, as in a server.
 */
@ExtendWith(CoroTestExtension.class)
class BackdoorTest {
    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    Path dir;

    private Scheduler loop;
    private Backdoor.Listening backdoor;

    @BeforeEach
    void startLoop() {
        loop = Scheduler.create("bd-test").start();
    }

    @AfterEach
    void stop() {
        try {
            if (backdoor != null) {
                backdoor.close();
            }
            Awaitility.await("backdoor coros gone").atMost(Duration.ofSeconds(30)).until(() -> loop.liveCoros() == 0);
        } finally {
            loop.close();
        }
    }

    private Path socket() {
        return dir.resolve("bd");
    }

    private static boolean hasResult(String output, String value) {
        return Pattern.compile("\\$\\d+ ==> " + Pattern.quote(value)).matcher(output).find();
    }

    private int tcpPort() throws Exception {
        return ((InetSocketAddress) backdoor.address()).getPort();
    }

    @Test
    void socatOverTheUnixSocketEvaluatesSeesWhereAllAndSpawnsACoro() throws Exception {
        ReplProbe.spawned = new CompletableFuture<>();
        backdoor = Backdoor.unix(socket()).startOn(loop);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        int mode = (Integer) Files.getAttribute(socket(), "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0140000, mode & 0170000, "a socket");
        try (ClientProcess socat = ClientProcess.start("socat", "-t", "60", "-", "UNIX-CONNECT:" + socket())) {
            socat.send("1 + 41\n")
                    .send("Coro.whereAll().stream().map(Object::toString).filter(s -> s.contains(\"backdoor\")).count() >= 2\n")
                    .send("String.join(\" \", Coro.whereAll().stream().map(CoroInfo::toString).toList())\n")
                    .send("Coro.spawnOn(loop, \"from-repl\", () -> {\n")
                    .send("    Coro.sleep(Duration.ofMillis(5));\n")
                    .send("    ReplProbe.spawned.complete(Coro.current().name());\n")
                    .send("})\n")
                    .send("System.out.println(\"printed \" + 6 * 7)\n")
                    .endInput();
            String out = socat.awaitExit();
            assertTrue(out.contains("Shrapnel backdoor"), out);
            assertTrue(hasResult(out, "42"), out);
            assertTrue(hasResult(out, "true"), "whereAll lists the acceptor and this session's coros: " + out);
            assertTrue(out.contains("backdoor [bd-test] WAITING"), "whereAll text: " + out);
            assertTrue(out.contains("... "), "the continuation prompt while the lambda is open: " + out);
            assertTrue(Pattern.compile("\\$\\d+ ==> <coro #\\d+ name=from-repl>").matcher(out).find(), out);
            assertTrue(out.contains("printed 42\r\n"), out);
        }
        assertEquals("from-repl", ReplProbe.spawned.get(30, TimeUnit.SECONDS));
    }

    @Test
    void outputOfASessionGoesToItAndNotToTheConsole() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, UTF_8));
        try {
            backdoor = Backdoor.unix(socket()).startOn(loop);
            try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket().toString())) {
                nc.send("System.out.println(\"to the session\"); System.err.println(\"errors too\");\n").endInput();
                System.out.println("console only"); // from the test thread meanwhile
                String out = nc.awaitExit();
                assertTrue(out.contains("to the session\r\n") && out.contains("errors too\r\n"), out);
                assertFalse(out.contains("console only"), out);
            }
        } finally {
            System.setOut(original);
        }
        String printed = console.toString(UTF_8);
        assertTrue(printed.contains("console only"), printed);
        assertFalse(printed.contains("to the session"), printed);
    }

    @Test
    void severalSessionsAtOnceEachWithItsOwnVariablesAndOutput() throws Exception {
        backdoor = Backdoor.unix(socket()).startOn(loop);
        try (ClientProcess a = ClientProcess.start("nc", "-N", "-U", socket().toString());
             ClientProcess b = ClientProcess.start("nc", "-N", "-U", socket().toString())) {
            a.send("int mine = 1;\n");
            b.send("int mine = 2;\n");
            a.await("mine ==> 1");
            b.await("mine ==> 2");
            Awaitility.await().until(() -> backdoor.sessions() == 2);
            a.send("System.out.println(\"a says \" + mine)\n");
            b.send("System.out.println(\"b says \" + mine)\n");
            assertFalse(a.await("a says 1").contains("b says"));
            assertFalse(b.await("b says 2").contains("a says"));
            a.send("\u0004"); // Ctrl-D on an empty line ends a session
            Awaitility.await("a's session ends").until(() -> backdoor.sessions() == 1);
            a.endInput().awaitExit();
            b.endInput().awaitExit();
        }
        Awaitility.await().until(() -> backdoor.sessions() == 0);
    }

    @Test
    void ctrlCStopsARunawaySnippetAndTheSessionGoesOn() throws Exception {
        backdoor = Backdoor.unix(socket()).startOn(loop);
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket().toString())) {
            nc.send("long n = 0;\n");
            nc.await("n ==> 0");
            nc.send("{ System.out.println(\"spinning\"); while (true) { n++; } }\n");
            nc.await("spinning");
            CompletableFuture<Void> slept = new CompletableFuture<>();
            loop.spawn("still-served", () -> {
                Coro.sleep(Duration.ofMillis(10));
                slept.complete(null);
            });
            slept.get(30, TimeUnit.SECONDS); // the loop runs its coros while the snippet spins
            nc.send(new byte[] {3});
            nc.await("^C");
            nc.send("n > 0\n");
            String out = nc.await("==> true");
            assertTrue(hasResult(out, "true"), "the loop ran until Ctrl-C: " + out);
            nc.endInput().awaitExit();
        }
    }

    @Test
    void ctrlCWhileASnippetCompilesKeepsItFromRunning() throws Exception {
        backdoor = Backdoor.unix(socket()).startOn(loop);
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket().toString())) {
            nc.await(">>> ");
            // Ctrl-C right behind the line: it comes while JShell still compiles the loop
            nc.send("while (true) { }\n\u0003");
            nc.await("^C");
            nc.send("6 * 7\n");
            String out = nc.await("==> 42");
            assertTrue(hasResult(out, "42"), out);
            nc.endInput().awaitExit();
        }
    }

    @Test
    void tcpServesAClientThatSendsTheTokenAndTelnetWorks() throws Exception {
        backdoor = LoopbackPorts.bind(port -> Backdoor.tcp(port, TOKEN).startOn(loop));
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "127.0.0.1", String.valueOf(tcpPort()))) {
            nc.send(TOKEN + "\n6 * 7\n").endInput();
            String out = nc.awaitExit();
            assertTrue(out.startsWith("token: "), out);
            assertTrue(hasResult(out, "42"), out);
        }
        try (ClientProcess telnet = ClientProcess.start("telnet", "127.0.0.1", String.valueOf(tcpPort()))) {
            telnet.send(TOKEN + "\r\n");
            telnet.await(">>> ");
            telnet.send("\"via \" + \"telnet\"\r\n");
            assertTrue(telnet.await("==> \"via telnet\"").contains("==> \"via telnet\""));
        }
    }

    @Test
    void tcpRefusesAClientWithoutTheToken() throws Exception {
        backdoor = LoopbackPorts.bind(port -> Backdoor.tcp(port, TOKEN).startOn(loop));
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "127.0.0.1", String.valueOf(tcpPort()))) {
            nc.send("not-the-token\n1 + 1\n").endInput();
            String out = nc.awaitExit();
            assertTrue(out.contains("refused"), out);
            assertFalse(out.contains("==>") || out.contains(">>>"), "no REPL for it: " + out);
        }
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "127.0.0.1", String.valueOf(tcpPort()))) {
            String out = nc.endInput().awaitExit();
            assertTrue(out.contains("refused"), "end of stream before any token: " + out);
        }
    }

    @Test
    void tcpOnlyOnLoopbackAndOnlyWithALongToken() {
        var notLoopback = assertThrows(IllegalArgumentException.class,
                () -> Backdoor.tcp(new InetSocketAddress(java.net.InetAddress.ofLiteral("0.0.0.0"), 0), TOKEN));
        assertTrue(notLoopback.getMessage().contains("loopback"), notLoopback.getMessage());
        var shortToken = assertThrows(IllegalArgumentException.class, () -> Backdoor.tcp(0, "secret"));
        assertTrue(shortToken.getMessage().contains("Backdoor.newToken()"), shortToken.getMessage());
        assertEquals(32, Backdoor.newToken().length());
    }

    @Test
    void setExitFromTheReplEndsTheLoop() throws Exception {
        backdoor = Backdoor.unix(socket()).startOn(loop);
        try (ClientProcess nc = ClientProcess.start("nc", "-U", socket().toString())) {
            nc.send("loop.setExit(0)\n");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !loop.isRunning());
        }
        // the loop left its coros as they were: run it again to let the backdoor close down
        Thread again = Thread.ofPlatform().start(loop::run);
        backdoor.close();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> loop.liveCoros() == 0);
        loop.setExit(0);
        again.join(30_000);
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneOrAPlainFileIsNot() throws Exception {
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket()));
        } // closed, file left behind: what a crashed process leaves
        assertTrue(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        backdoor = Backdoor.unix(socket()).startOn(loop);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));

        var live = assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Backdoor.unix(socket()).startOn(loop));
        assertTrue(live.getMessage().contains("live process"), live.getMessage());

        Path plain = dir.resolve("notes.txt");
        Files.writeString(plain, "keep me");
        var notSocket = assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Backdoor.unix(plain).startOn(loop));
        assertTrue(notSocket.getMessage().contains("not a socket"), notSocket.getMessage());
        assertEquals("keep me", Files.readString(plain));

        backdoor.close();
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "closing removes the socket file");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary directory left behind");
        }
    }

    @Test
    void serveRunsInTheCallingCoro() throws Exception {
        Coro server = Coro.spawnOn(loop, "serving", () -> Backdoor.serve(socket()));
        Awaitility.await().until(() -> Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        try (ClientProcess nc = ClientProcess.start("nc", "-N", "-U", socket().toString())) {
            String out = nc.send("Coro.whereAll().stream().anyMatch(c -> \"serving\".equals(c.name()))\n").endInput().awaitExit();
            assertTrue(hasResult(out, "true"), out);
        }
        server.shutdown();
        Awaitility.await().until(server::isDead);
        var outside = assertThrows(IllegalStateException.class, () -> Backdoor.unix(socket()).serve());
        assertTrue(outside.getMessage().contains("start()"), outside.getMessage());
    }
}
