package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The main demo run as {@code bin/demo} runs it, talked to over telnet-like sockets and HTTP. */
class ChatDemoTest {
    @TempDir
    static Path dir;

    private static ExampleProcess demo;
    private static int telnet;
    private static int dashboardPort;
    private static String web;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        telnet = Ports.free();
        int httpPort = Ports.free();
        dashboardPort = Ports.free();
        demo = ExampleProcess.start("chat", "--telnet-port", String.valueOf(telnet), "--http-port", String.valueOf(httpPort),
                "--dashboard-port", String.valueOf(dashboardPort),
                "--backdoor", dir.resolve("demo.bd").toString());
        demo.awaitLine("JMX: the io.shrapnel MXBeans are registered");
        web = "http://127.0.0.1:" + httpPort;
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        demo.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(web + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void printsHowToReachEveryPart() {
        String out = String.join("\n", demo.lines());
        assertTrue(out.contains("telnet 127.0.0.1 " + telnet), out);
        assertTrue(out.contains(web + "/   (the chat page)"), out);
        assertTrue(out.contains(web + "/rooms"), out);
        assertTrue(out.contains("nc -U " + dir.resolve("demo.bd")), out);
    }

    @Test
    void twoTelnetClientsChatInARoomThatGetRoomsLists() throws Exception {
        try (LineClient alice = new LineClient(telnet); LineClient bob = new LineClient(telnet)) {
            alice.await("welcome, guest*");
            bob.await("welcome, guest*");
            alice.send("/nick alice");
            alice.send("/join den");
            alice.await("* alice joined den (1 here)");
            bob.send("/nick bob");
            bob.send("/join den");
            alice.await("* bob joined den (2 here)");
            bob.await("* bob joined den (2 here)");
            alice.send("hello bob");
            bob.await("<alice> hello bob");
            bob.send("/who");
            bob.await("in den: alice, bob");
            bob.send("/rooms");
            bob.await("rooms: *");

            HttpResponse<String> rooms = get("/rooms");
            assertEquals(200, rooms.statusCode());
            assertEquals("application/json", rooms.headers().firstValue("Content-Type").orElse(""));
            assertTrue(rooms.body().contains("{\"name\":\"den\",\"members\":[\"alice\",\"bob\"]}"), rooms.body());

            bob.send("/quit");
            bob.await("bye, bob");
            assertTrue(bob.endsAfterReadingAll());
            alice.await("* bob left den");
        }
    }

    @Test
    void aBrowserOnTheChatPageAndATelnetClientTalk() throws Exception {
        ChromeDriver browser = Browser.start(Files.createDirectories(dir.resolve("chromium")));
        try (LineClient telly = new LineClient(telnet)) {
            telly.await("welcome, guest*");
            telly.send("/nick telly");
            telly.send("/join web");
            telly.await("* telly joined web (1 here)");
            browser.get(web + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBe(By.id("state"), "connected"));
            type(browser, "/nick webby");
            type(browser, "/join web");
            telly.await("* webby joined web (2 here)");
            type(browser, "hello from chromium");
            telly.await("<webby> hello from chromium");
            telly.send("hello, browser");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "<telly> hello, browser"));
            assertTrue(get("/rooms").body().contains("{\"name\":\"web\",\"members\":[\"telly\",\"webby\"]}"));
            Browser.screenshot(browser, "chat-page");
            type(browser, "/quit");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "closed"));
            telly.await("* webby left web");
        } finally {
            browser.quit();
        }
    }

    private static void type(ChromeDriver browser, String line) {
        browser.findElement(By.id("line")).sendKeys(line);
        browser.findElement(By.id("send")).click();
    }

    @Test
    void theDashboardIsOnWithItsToken() throws Exception {
        String line = demo.awaitLine("dashboard (loops, coros, mailboxes, sockets, profiler): ");
        String url = line.substring(line.indexOf("http://"));
        assertTrue(url.startsWith("http://127.0.0.1:" + dashboardPort + "/?token="), url);
        // The token URL sets a cookie and sends the browser on to the page.
        HttpClient browserLike = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> page = browserLike.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<html") || page.body().contains("<!doctype"), page.body());
        } finally {
            browserLike.shutdownNow();
        }
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(noToken.statusCode() >= 400, "without its token: " + noToken.statusCode());
    }

    @Test
    void aWebSocketClientSendingAnOverlongLineIsToldWhyAndClosed() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(web.replace("http:", "ws:") + "/chat"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                        got.add(data.toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                }).get(20, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendText("x".repeat(1025), true);
        String line;
        while ((line = got.poll(20, java.util.concurrent.TimeUnit.SECONDS)) != null && !line.startsWith("! ")) {
            // the welcome and the lobby's news
        }
        assertEquals("! line longer than 1024 bytes; closing the connection", line);
        assertEquals(1000, closed.get(20, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void theChatPageIsServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("new WebSocket(") && page.body().contains("/chat"), page.body());
    }

    @Test
    void garbageAndOverlongLinesAreRefusedClosedAndLeaveNoCoroBehind() throws Exception {
        awaitNoTelnetCoros(); // the other tests' clients have closed
        byte[] overlong = new byte[5000];
        Arrays.fill(overlong, (byte) 'x');
        try (LineClient flood = new LineClient(telnet)) {
            flood.await("welcome, guest*");
            flood.sendRaw(overlong);
            flood.await("! line longer than 1024 bytes; closing the connection");
            assertTrue(flood.endsAfterReadingAll());
        }
        try (LineClient garbage = new LineClient(telnet)) {
            garbage.await("welcome, guest*");
            garbage.sendRaw(new byte[] {(byte) 0xff, (byte) 0xf4, (byte) 0xff, (byte) 0xfd, 6, '\r', '\n'});
            garbage.await("! line is not UTF-8 text; closing the connection");
            assertTrue(garbage.endsAfterReadingAll());
        }
        try (LineClient escapes = new LineClient(telnet)) {
            escapes.await("welcome, guest*");
            escapes.sendRaw("\u001b[2J hi\n".getBytes(UTF_8));
            escapes.await("! control character 0x1b in line; closing the connection");
            assertTrue(escapes.endsAfterReadingAll());
        }
        try (LineClient gone = new LineClient(telnet)) {
            gone.await("welcome, guest*");
            gone.sendRaw("half a line".getBytes(UTF_8)); // and hangs up mid-line
        }
        awaitNoTelnetCoros();
    }

    private static void awaitNoTelnetCoros() {
        Awaitility.await("no telnet session coros left").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> telnetCoros() == 0);
    }

    /** Connection and writer coros of telnet clients, from /status. */
    private static int telnetCoros() throws Exception {
        String status = get("/status").body();
        return (int) status.lines().filter(l -> l.contains(" chat-telnet ") || l.contains(" chat-telnet-writer ")).count();
    }
}
