package io.shrapnel.rpc.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real single-member etcd (Debian's etcd-server 3.4) for tests, on 127.0.0.1 with ports from this
 * module's range 24300-24389 and its data directory under target/. {@link #stop()} kills it;
 * {@link #start()} again restarts it on the same ports and data.
 */
final class EtcdServer implements AutoCloseable {
    private static final int FIRST_PORT = 24300;
    /** 24390-24399 are left to tests with fixed ports (StreamingPostTest's fake server). */
    private static final int LAST_PORT = 24389;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST_PORT + (int) (ProcessHandle.current().pid() % 50) * 2);
    final int clientPort;
    final int peerPort;
    final Path dataDir;
    private Process process;

    private EtcdServer(int clientPort, int peerPort, Path dataDir) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = dataDir;
    }

    /** Starts a fresh etcd and waits until it is healthy. */
    static EtcdServer launch() throws IOException {
        int client = freePort();
        int peer = freePort();
        Path dir = Path.of("target", "etcd", "etcd-" + client + "-" + System.nanoTime());
        Files.createDirectories(dir.getParent());
        EtcdServer s = new EtcdServer(client, peer, dir);
        s.start();
        return s;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    List<String> endpoints() {
        return List.of(endpoint());
    }

    void start() throws IOException {
        String peerUrl = "http://127.0.0.1:" + peerPort;
        ProcessBuilder pb = new ProcessBuilder("etcd", "--name", "t" + clientPort, "--data-dir", dataDir.toString(),
                "--listen-client-urls", endpoint(), "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "t" + clientPort + "=" + peerUrl, "--log-level", "error", "--logger", "zap");
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
        process = pb.start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // even if @AfterAll never runs
            started.destroyForcibly();
            deleteData();
        }));
        HttpClient http = HttpClient.newHttpClient();
        await("etcd on " + endpoint() + " healthy").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("etcd exited with " + process.exitValue() + "; see " + dataDir + ".log");
                    }
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 && r.body().contains("true");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** Kills etcd (SIGKILL) and waits for it to be gone. */
    void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Kills etcd and deletes its data directory (etcd preallocates 64 MB of WAL in each). */
    @Override
    public void close() {
        stop();
        deleteData();
    }

    private void deleteData() {
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException gone) {
            // nothing left to delete
        }
    }

    /** A port of this module's range that nothing listens on now. */
    static int freePort() {
        for (int tries = 0; tries <= LAST_PORT - FIRST_PORT; tries++) {
            int p = NEXT.getAndIncrement();
            if (p > LAST_PORT) {
                NEXT.set(FIRST_PORT);
                p = NEXT.getAndIncrement();
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + FIRST_PORT + "-" + LAST_PORT));
    }
}
