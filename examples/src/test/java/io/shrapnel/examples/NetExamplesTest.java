package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's programs, each run for real in its own JVM (as bin/demo runs them) and talked to
 * over loopback with the JDK's own blocking sockets, an implementation independent of ours.
 */
class NetExamplesTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(LOOPBACK, port);
        s.setSoTimeout(30_000); // a hang fails the test instead of blocking it
        return s;
    }

    /** A free loopback port below 32768 for an example server (port 0 would be an ephemeral one, above it). */
    static String freePort() throws IOException {
        return String.valueOf(LoopbackPorts.tcp());
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), US_ASCII);
    }

    @Test
    void echoServerSendsBackWhatEachClientSends() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", freePort())) {
            int port = echo.awaitListeningPort();
            try (Socket a = connect(port); Socket b = connect(port)) {
                a.getOutputStream().write("first\n".getBytes(US_ASCII));
                b.getOutputStream().write("second\n".getBytes(US_ASCII));
                assertEquals("second\n", read(b.getInputStream(), 7));
                assertEquals("first\n", read(a.getInputStream(), 6));
            }
        }
    }

    @Test
    void clientOpensAHundredConnectionsAndChecksEveryEcho() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", freePort())) {
            int port = echo.awaitListeningPort();
            try (ExampleProcess client = ExampleProcess.start("client", "127.0.0.1", String.valueOf(port), "100")) {
                assertEquals(0, client.awaitExit(), String.join("\n", client.lines()));
                assertTrue(client.lines().contains("100 connections, 1000 echoes checked, 0 failed"),
                        String.join("\n", client.lines()));
            }
        }
    }

    @Test
    void proxyForwardsAndPrintsBothDirections() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", freePort())) {
            int port = echo.awaitListeningPort();
            try (ExampleProcess proxy = ExampleProcess.start("proxy", "127.0.0.1", String.valueOf(port), freePort())) {
                int proxyPort = proxy.awaitListeningPort();
                try (Socket s = connect(proxyPort)) {
                    s.getOutputStream().write("hello\r\n".getBytes(US_ASCII));
                    assertEquals("hello\r\n", read(s.getInputStream(), 7));
                    s.shutdownOutput();
                    assertEquals(-1, s.getInputStream().read(), "the proxy passes the end of stream on both ways");
                }
                proxy.awaitLine("==> 0 'hello\\r\\n'");
                proxy.awaitLine("<== 0 'hello\\r\\n'");
            }
        }
    }

    @Test
    void proxyListensOnTheTargetPortPlusNineThousandByDefault() throws Exception {
        try (ExampleProcess proxy = ExampleProcess.start("proxy", "127.0.0.1", "80")) {
            assertEquals(9080, proxy.awaitListeningPort());
        }
    }

    /** A server whose port is taken must end with an error, never idle on serving nothing. */
    @Test
    void anEchoServerWhosePortIsTakenExitsWithTheCriticalCode() throws Exception {
        try (java.net.ServerSocket taken = LoopbackPorts.bind(port -> new java.net.ServerSocket(port, 5, java.net.InetAddress.getLoopbackAddress()))) {
            for (String example : new String[] {"echo-idle", "echo"}) {
                try (ExampleProcess server = ExampleProcess.start(example, String.valueOf(taken.getLocalPort()))) {
                    assertEquals(70, server.awaitExit(), String.join("\n", server.lines()));
                    String out = String.join("\n", server.lines());
                    assertTrue(out.contains("Address already in use: /127.0.0.1:" + taken.getLocalPort()), out);
                    assertTrue(out.contains("critical <coro") || out.contains("critical coro"), out);
                }
            }
        }
    }

    @Test
    void idleEchoServerDisconnectsASilentClientAndQuitEndsTheLoop() throws Exception {
        try (ExampleProcess server = ExampleProcess.start("echo-idle", freePort(), "0.3")) {
            int port = server.awaitListeningPort();
            try (Socket slow = connect(port)) {
                slow.getOutputStream().write("hi\n".getBytes(US_ASCII));
                assertEquals("hi\n", read(slow.getInputStream(), 3));
                // now say nothing: the server gives up on us
                assertEquals("too slow, bye\r\n", new String(slow.getInputStream().readAllBytes(), US_ASCII));
            }
            server.awaitLine("ms idle");
            try (Socket quitter = connect(port)) {
                quitter.getOutputStream().write("quit\r\n".getBytes(US_ASCII));
                assertEquals("bye\r\n", new String(quitter.getInputStream().readAllBytes(), US_ASCII));
            }
            assertEquals(0, server.awaitExit());
            assertTrue(server.lines().contains("quit: event loop exited with 0"), String.join("\n", server.lines()));
        }
    }
}
