package io.shrapnel.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.net.TcpSock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: it loads with the token, keeps itself up to date over its WebSocket,
 * and shows what the test does to the process (coros spawned, messages sent, sockets opened) within
 * two seconds. A screenshot of each view goes to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    /** How soon a change must show: the page promises a snapshot a second. */
    private static final Duration SHOWS_WITHIN = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    static Dashboard dashboard;
    static Scheduler app;
    static Browser browser;

    /** The attributes the servers view charts for RPC, as the rpc module's RpcMXBean names them. */
    public interface RpcStandInMXBean {
        long getCallsStarted();

        long getCallsFailed();

        long getOpenConnections();
    }

    /** Stands in for the rpc module's bean (not on this module's path): calls and failures that keep coming. */
    static final class RpcStandIn implements RpcStandInMXBean {
        private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public long getCallsStarted() {
            return 100 * reads.incrementAndGet();
        }

        @Override
        public long getCallsFailed() {
            return 3 * reads.get();
        }

        @Override
        public long getOpenConnections() {
            return 2;
        }
    }

    static final javax.management.ObjectName RPC_STAND_IN = name("io.shrapnel:type=Rpc,name=server");

    private static javax.management.ObjectName name(String text) {
        try {
            return new javax.management.ObjectName(text);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        java.lang.management.ManagementFactory.getPlatformMBeanServer().registerMBean(new RpcStandIn(), RPC_STAND_IN);
        app = Scheduler.create("browser-app").start();
        dashboard = Dashboards.start(dir);
        browser = new Browser(dir.resolve("chromium"));
        browser.driver.get(dashboard.url());
        // the first sample registers the beans (the JDK's first JMX work can take a while on a busy machine)
        new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.cssSelector("#nodes-table tr[data-node='local']")).isEmpty());
    }

    @AfterAll
    static void stop() throws Exception {
        if (java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(RPC_STAND_IN)) {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(RPC_STAND_IN);
        }
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static WebDriverWait soon() {
        return within(SHOWS_WITHIN);
    }

    /** A wait that looks again when the page redrew the element it had found (it redraws each snapshot). */
    static WebDriverWait within(Duration d) {
        WebDriverWait w = new WebDriverWait(browser.driver, d, Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** Clicks {@code what}, again if the page redrew it between finding and clicking. */
    static void click(By what) {
        within(SHOWS_WITHIN).until(d -> {
            d.findElement(what).click();
            return true;
        });
    }

    /** The text of element {@code id}, read in one step (the page may redraw it between two). */
    static String text(String id) {
        return within(SHOWS_WITHIN).until(d -> (String) browser.driver.executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", id));
    }

    static void view(String name) {
        browser.driver.findElement(By.cssSelector("#tabs button[data-view='" + name + "']")).click();
    }

    /** Runs {@code body} in a new coro of the application loop and waits for it to return. */
    static <T> T onApp(java.util.concurrent.Callable<T> body) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        app.post(() -> app.spawn(() -> {
            try {
                done.complete(body.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void theTokenLeavesTheAddressBarAndThePageGoesLive() throws Exception {
        assertEquals("http://127.0.0.1:" + dashboard.port() + "/", browser.driver.getCurrentUrl());
        soon().until(ExpectedConditions.textToBe(By.id("status"), "live"));
        int before = Integer.parseInt(browser.driver.findElement(By.tagName("body")).getAttribute("data-snapshots"));
        soon().until(d -> Integer.parseInt(d.findElement(By.tagName("body")).getAttribute("data-snapshots")) > before);
        browser.screenshot("nodes");
    }

    @Test
    @Order(2)
    void aNewLoopShowsInTheLoopsView() throws Exception {
        view("loops");
        soon().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table[data-bean*='name=browser-app']")));
        soon().until(d -> !d.findElements(By.cssSelector("#view-loops .charts .uplot canvas")).isEmpty());
        // a coro that holds its loop past the latency threshold (0.2 s) shows in the log as it happens
        onApp(() -> {
            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return null;
        });
        soon().until(ExpectedConditions.textToBePresentInElementLocated(By.id("latency-events"), "loop browser-app: +1 latency warning"));
        browser.screenshot("loops");
    }

    @Test
    @Order(3)
    void sliceTimingTurnedOnInThePageDrawsTheLoopsHistogram() throws Exception {
        view("loops");
        By toggle = By.cssSelector(".slice-timing-toggle[data-loop='browser-app']");
        soon().until(ExpectedConditions.textToBePresentInElementLocated(toggle, "turn on"));
        click(toggle);
        soon().until(ExpectedConditions.textToBePresentInElementLocated(toggle, "turn off"));
        assertTrue(app.sliceTiming());
        onApp(() -> {
            for (int i = 0; i < 50; i++) {
                Coro.yieldSlice();
            }
            return null;
        });
        soon().until(d -> !d.findElements(By.cssSelector("#view-loops .histogram .uplot canvas")).isEmpty());
        assertTrue(app.sliceHistogram().total() >= 50);
        browser.screenshot("loops-slice-histogram");
        click(toggle);
        soon().until(ExpectedConditions.textToBePresentInElementLocated(toggle, "turn on"));
        assertFalse(app.sliceTiming());
    }

    @Test
    @Order(3)
    void spawnedCorosShowGroupedByWhereTheyWaitWithTheirStacks() throws Exception {
        onApp(() -> {
            for (int i = 0; i < 3; i++) {
                Coro.spawn("browser-sleeper-" + i, () -> Coro.sleep(Duration.ofHours(1)));
            }
            return null;
        });
        view("coros");
        soon().until(ExpectedConditions.presenceOfElementLocated(By.xpath("//tr[@class='coro'][td[2]='browser-sleeper-2']")));
        within(SHOWS_WITHIN).until(d -> {
            d.findElement(By.id("coro-search")).sendKeys("browser-sleeper");
            return true;
        });
        soon().until(d -> d.findElements(By.cssSelector("tr.coro")).size() == 3);
        click(By.cssSelector(".coro-groups details summary"));
        soon().until(d -> d.findElement(By.cssSelector(".coro-groups details")).getAttribute("open") != null);
        click(By.cssSelector("tr.coro button"));
        soon().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("pre.stack")));
        String stack = (String) browser.driver.executeScript("return document.querySelector('pre.stack').textContent");
        assertTrue(stack.contains("sleep"), stack);
        browser.screenshot("coros");
        within(SHOWS_WITHIN).until(d -> {
            d.findElement(By.id("coro-search")).clear();
            return true;
        });
    }

    @Test
    @Order(4)
    void messagesWaitingInAMailboxShowInItsDepth() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        ActorRef<String> slow = onApp(() -> Actors.spawn("browser-slow", (Inbox<String> in) -> {
            never.join(); // takes nothing: its messages wait
        }));
        for (int i = 0; i < 37; i++) {
            slow.tell("m" + i);
        }
        view("mailboxes");
        By depth = By.xpath("//table[contains(@data-bean,'type=Mailboxes') and contains(@data-bean,'name=browser-app')]"
                + "//tr[td[1]='Depth']/td[2]");
        soon().until(ExpectedConditions.textToBe(depth, "37"));
        browser.screenshot("mailboxes");
        never.complete(null);
    }

    @Test
    @Order(5)
    void anOpenedListenerShowsInTheSockets() throws Exception {
        view("sockets");
        By open = By.xpath("//tr[@data-kind='TcpSock']/td[@data-attr='Open']");
        soon().until(ExpectedConditions.presenceOfElementLocated(open));
        long before = Long.parseLong(within(SHOWS_WITHIN).until(d -> d.findElement(open).getText()).replace(",", ""));
        List<TcpSock> listeners = onApp(() -> List.of(listenerInRange(), listenerInRange()));
        soon().until(d -> Long.parseLong(d.findElement(open).getText().replace(",", "")) >= before + 2);
        browser.screenshot("sockets");
        onApp(() -> {
            for (TcpSock s : listeners) {
                s.close();
            }
            return null;
        });
    }

    /** A listener on a free port of this module's range (28000-28499). */
    private static TcpSock listenerInRange() throws java.io.IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            TcpSock l = TcpSock.create();
            try {
                l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        java.util.concurrent.ThreadLocalRandom.current().nextInt(Dashboards.FIRST_PORT, Dashboards.LAST_PORT + 1)));
                l.listen(1);
                return l;
            } catch (java.io.IOException taken) {
                l.close();
            }
        }
        throw new java.io.IOException("no free port in " + Dashboards.FIRST_PORT + "-" + Dashboards.LAST_PORT);
    }

    @Test
    @Order(6)
    void theServersViewSaysWhatItHas() throws Exception {
        view("servers");
        soon().until(d -> !d.findElement(By.id("view-servers")).getText().isBlank());
        // the dashboard's own HTTP server answers the page: its responses are charted by status class
        soon().until(d -> !d.findElements(By.cssSelector("#chart-http-responses .uplot canvas")).isEmpty());
        soon().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-servers"), "HttpServers"));
        soon().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-servers"), "127.0.0.1:" + dashboard.port()));
        // an RPC server bean (type=Rpc): its calls and failed calls per second and open connections are charted
        soon().until(d -> !d.findElements(By.cssSelector("#chart-rpc-calls .uplot canvas")).isEmpty());
        soon().until(d -> !d.findElements(By.cssSelector("#chart-rpc-errors .uplot canvas")).isEmpty());
        soon().until(d -> !d.findElements(By.cssSelector("#chart-rpc-open .uplot canvas")).isEmpty());
        browser.screenshot("servers");
    }

    @Test
    @Order(7)
    void theProfilerStartsStopsAndItsReportShowsInThePage() throws Exception {
        view("profiler");
        soon().until(ExpectedConditions.elementToBeClickable(By.id("profiler-start-0")));
        click(By.id("profiler-start-0"));
        // starting JFR takes its time on a busy machine: the command's answer first, then the state within 2 s
        within(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("profiler-message-0"), "profiling"));
        soon().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-profiler"), "profiler running"));
        click(By.id("profiler-stop-0"));
        within(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("profiler-report-0")));
        String message = text("profiler-message-0");
        assertTrue(message.startsWith("wrote "), message);
        within(SHOWS_WITHIN).until(d -> {
            d.switchTo().frame("profiler-report-0");
            return true;
        });
        try {
            within(Duration.ofSeconds(20)).until(d -> d.findElement(By.tagName("body")).getText().toLowerCase().contains("coro"));
        } finally {
            browser.driver.switchTo().defaultContent();
        }
        soon().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-profiler"), "profiler stopped"));
        browser.screenshot("profiler");
    }
}
