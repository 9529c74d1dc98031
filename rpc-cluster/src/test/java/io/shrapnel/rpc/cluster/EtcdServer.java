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
 * module's range 24300-24389 and its data directory under target/, started by the project's
 * {@code servers/etcd.sh} as the leader of its own process group. {@link #stop()} kills the group;
 * {@link #start()} again restarts it on the same ports and data. Three things make sure no etcd
 * outlives the tests: {@link #close()} (from {@code @AfterAll}), a JVM shutdown hook (a JVM that
 * exits without running it), and the script's guard, which kills etcd once this JVM is gone (a JVM
 * killed with SIGKILL, as PIT does to a minion that times out).
 */
final class EtcdServer implements AutoCloseable {
    private static final int FIRST_PORT = 24300;
    /** 24390-24399 are left to tests with fixed ports (the HTTP client's stream test, 24392-24393). */
    private static final int LAST_PORT = 24389;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST_PORT + (int) (ProcessHandle.current().pid() % 50) * 2);
    final int clientPort;
    final int peerPort;
    final Path dataDir;
    private final List<String> flags;
    private Process process;

    private EtcdServer(int clientPort, int peerPort, Path dataDir, List<String> flags) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = dataDir;
        this.flags = flags;
    }

    /** Starts a fresh etcd, with {@code flags} added to its command line, and waits until it is healthy. */
    static EtcdServer launch(String... flags) throws IOException {
        int client = freePort();
        int peer = freePort();
        Path dir = Path.of("target", "etcd", "etcd-" + client + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir.getParent());
        EtcdServer s = new EtcdServer(client, peer, dir, List.of(flags));
        s.start();
        return s;
    }

    /** The project's servers/etcd.sh, found from the working directory (the module's or the root). */
    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("servers/etcd.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IllegalStateException("servers/etcd.sh not found above " + Path.of("").toAbsolutePath());
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    List<String> endpoints() {
        return List.of(endpoint());
    }

    void start() throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid", script().toString(), Integer.toString(clientPort),
                Integer.toString(peerPort), dataDir.toString(), Long.toString(ProcessHandle.current().pid())));
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
        process = pb.start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // even if @AfterAll never runs
            killGroup(started);
            deleteData();
        }));
        HttpClient http = HttpClient.newHttpClient();
        await("etcd on " + endpoint() + " healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
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

    /** Kills etcd (SIGKILL to its process group) and waits for it to be gone. */
    void stop() {
        if (process != null) {
            killGroup(process);
            process = null;
        }
    }

    /** SIGKILL to the group {@code script} leads (the script and etcd), then waits for both. */
    private static void killGroup(Process script) {
        List<ProcessHandle> all = new java.util.ArrayList<>(script.descendants().toList());
        all.add(script.toHandle());
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + script.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the per-process kill below still runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                // reported by the next start failing to bind
            }
        }
    }

    /** Freezes etcd (SIGSTOP): its connections stay open and say nothing, like a half-open peer. */
    void pause() throws IOException {
        signalEtcd("-STOP");
    }

    /** Lets a paused etcd go on (SIGCONT). */
    void resume() throws IOException {
        signalEtcd("-CONT");
    }

    private void signalEtcd(String signal) throws IOException {
        for (ProcessHandle p : process.descendants().toList()) {
            if (p.info().command().orElse("").endsWith("etcd")) {
                try {
                    new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
        throw new IOException("no etcd process under " + process.pid());
    }

    /**
     * Deletes every key and revokes every lease, so that the next test class finds etcd as a fresh one
     * (but for its revision, which goes on). Called from outside any coro: the JDK's HTTP client.
     */
    void wipe() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            post(http, "/v3/kv/deleterange", "{\"key\":\"AA==\",\"range_end\":\"AA==\"}");
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"ID\":\"(\\d+)\"")
                    .matcher(post(http, "/v3/lease/leases", "{}"));
            while (id.find()) {
                post(http, "/v3/lease/revoke", "{\"ID\":\"" + id.group(1) + "\"}");
            }
        }
    }

    private String post(HttpClient http, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + ": etcd answered " + r.statusCode() + " " + r.body());
        }
        return r.body();
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

    /** A port of this module's etcd range (24300-24389) that nothing listens on now. */
    static int freePort() {
        return freePort(NEXT, FIRST_PORT, LAST_PORT);
    }

    private static final int FIRST_ACTOR_PORT = 24400;
    private static final int LAST_ACTOR_PORT = 24499;
    private static final AtomicInteger NEXT_ACTOR = new AtomicInteger(FIRST_ACTOR_PORT + (int) (ProcessHandle.current().pid() % 50) * 2);

    /** A port of this module's range for rpc nodes (24400-24499) that nothing listens on now. */
    static int freeActorPort() {
        return freePort(NEXT_ACTOR, FIRST_ACTOR_PORT, LAST_ACTOR_PORT);
    }

    private static int freePort(AtomicInteger next, int first, int last) {
        for (int tries = 0; tries <= last - first; tries++) {
            int p = next.getAndIncrement();
            if (p > last) {
                next.set(first);
                p = next.getAndIncrement();
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + first + "-" + last));
    }
}
