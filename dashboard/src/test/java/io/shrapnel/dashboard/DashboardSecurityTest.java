package io.shrapnel.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as another local user sees it: that user can reach 127.0.0.1 like anyone, so only
 * the token keeps them out. The test creates a system user ({@code useradd}; CI runs as root) and
 * runs curl as that user ({@code runuser}); the owner's own curl, with the token, is the control.
 */
class DashboardSecurityTest {
    private static final String INTRUDER = "shrapnel-dash-intruder";

    @TempDir
    static Path tmp;
    static Dashboard dashboard;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        // the temp dir is 0700 under root: open it so that only the token file's own mode guards the token
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        dashboard = Dashboards.start(tmp.resolve("tokens"));
        token = URI.create(dashboard.url()).getQuery().substring("token=".length());
        Files.setPosixFilePermissions(tmp.resolve("tokens"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process add = new ProcessBuilder("sh", "-c", "id -u " + INTRUDER + " >/dev/null 2>&1 || useradd --system "
                + "--no-create-home --shell /usr/sbin/nologin " + INTRUDER).redirectErrorStream(true).start();
        assertTrue(add.waitFor(60, TimeUnit.SECONDS) && add.exitValue() == 0,
                "useradd failed: " + new String(add.getInputStream().readAllBytes()));
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    /** Runs {@code command} as the intruder (or as this user if {@code asIntruder} is false); returns its output. */
    private static String run(boolean asIntruder, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asIntruder) {
            cmd.addAll(List.of("runuser", "-u", INTRUDER, "--"));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        return out;
    }

    /** The status curl got for {@code path} ({@code extra}: more curl arguments). */
    private static String status(boolean asIntruder, String path, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
        cmd.addAll(List.of(extra));
        cmd.add("http://127.0.0.1:" + dashboard.port() + path);
        return run(asIntruder, cmd.toArray(String[]::new)).trim();
    }

    @Test
    void anotherUserWithoutTheTokenGetsNothing() throws Exception {
        assertEquals(INTRUDER + "\n", run(true, "id", "-un"), "the commands below run as the other user");
        assertEquals("403", status(true, "/"));
        assertEquals("403", status(true, "/api/snapshot"));
        assertEquals("403", status(true, "/api/history"));
        assertEquals("403", status(true, "/api/profiler/start?node=0", "-X", "POST"));
        assertEquals("200", status(false, "/api/snapshot?token=" + token, "--retry", "20", "--retry-all-errors", "--retry-delay", "1"),
                "the owner, with the token, gets in (the control)");
    }

    @Test
    void anotherUserWithAWrongTokenGetsNothing() throws Exception {
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertEquals("403", status(true, "/?token=" + wrong));
        assertEquals("403", status(true, "/api/snapshot", "-H", "Cookie: shrapnel-dashboard-" + dashboard.port() + "=" + wrong));
        assertEquals("403", status(true, "/api/snapshot?token=" + token.substring(0, 16)));
    }

    @Test
    void anotherUserCannotOpenTheWebSocket() throws Exception {
        String code = status(true, "/ws", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "-H", "Origin: http://127.0.0.1:" + dashboard.port());
        assertEquals("403", code);
    }

    @Test
    void anotherUserCannotReadTheTokenFile() throws Exception {
        Path file = dashboard.tokenFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String out = run(true, "cat", file.toString());
        assertTrue(out.contains("Permission denied"), out);
        assertFalse(out.contains(token));
        assertTrue(run(false, "cat", file.toString()).contains(token), "the owner reads it");
    }

    @Test
    void anAddressBeyondLoopbackIsRefusedUnlessAllowed() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), Dashboards.FIRST_PORT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dashboard.start(DashboardOptions.builder().address(any).tokenDirectory(tmp).build()));
        assertTrue(e.getMessage().contains("allowBeyondLoopback()"), e.getMessage());
    }
}
