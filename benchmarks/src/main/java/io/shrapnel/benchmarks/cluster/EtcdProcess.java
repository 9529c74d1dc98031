package io.shrapnel.benchmarks.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The benchmark's own etcd (Debian's etcd-server 3.4) on 127.0.0.1, data in a temp directory. */
final class EtcdProcess implements AutoCloseable {
    final int clientPort;
    private final Process process;
    private final Path dir;

    EtcdProcess(int clientPort, int peerPort) throws IOException, InterruptedException {
        this.clientPort = clientPort;
        this.dir = Files.createTempDirectory("cluster-bench-etcd");
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder("etcd", "--name", "bench", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "bench=" + peer, "--log-level", "error",
                "--logger", "zap").redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", clientPort)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("etcd did not start; see " + dir.resolve("etcd.log"));
                }
                TimeUnit.MILLISECONDS.sleep(50); // a benchmark's start-up poll, not test synchronisation
            }
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var paths = Files.walk(dir)) { // etcd preallocates 64 MB of WAL
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
