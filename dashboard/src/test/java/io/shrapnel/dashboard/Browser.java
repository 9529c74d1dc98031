package io.shrapnel.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (both installed by CI's
 * install-test-deps; Selenium Manager never downloads anything: the binaries are named here).
 * chromedriver listens on a port of this module's range.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final ChromeDriverService service;

    Browser(Path profileDir) throws IOException {
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingPort(freePort())
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profileDir, "--no-first-run", "--disable-extensions");
        driver = new ChromeDriver(service, options);
    }

    /** A port of 28000-28499 free now (chromedriver binds it right after). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(Dashboards.FIRST_PORT, Dashboards.LAST_PORT + 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port for chromedriver in " + Dashboards.FIRST_PORT + "-" + Dashboards.LAST_PORT);
    }

    void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
