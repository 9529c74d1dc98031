package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;

import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real server process on 127.0.0.1 for the client's tests: nginx, Python's http.server, tinyproxy.
 * Each gets a free port below 32768 (above that Linux hands ports to clients) and is killed on close.
 */
final class ExternalServer implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;

    private ExternalServer(List<String> cmd, int port, Path dir) throws IOException {
        this.port = port;
        this.log = dir.resolve("server.log");
        this.process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(cmd + " exited " + process.exitValue() + ": " + Files.readString(log));
            }
            return accepts(port);
        });
    }

    /** A port below 32768 that was free for TCP and UDP on 127.0.0.1 when probed. */
    static int freePort() throws IOException {
        return LoopbackPorts.tcp();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Python's http.server serving {@code root} (HTTP/1.0 responses, closed after each). */
    static ExternalServer python(Path root) throws IOException {
        int port = freePort();
        return new ExternalServer(List.of("python3", "-m", "http.server", Integer.toString(port), "--bind", "127.0.0.1",
                "--directory", root.toString()), port, root.getParent());
    }

    /** nginx (HTTP/1.1, keep-alive) serving {@code root} from a config in {@code dir}. */
    static ExternalServer nginx(Path root, Path dir) throws IOException {
        int port = freePort();
        Files.createDirectories(dir.resolve("logs"));
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                %s
                pid %s/nginx.pid;
                error_log stderr warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                  fastcgi_temp_path %s/fastcgi;
                  uwsgi_temp_path %s/uwsgi;
                  scgi_temp_path %s/scgi;
                  keepalive_requests 1000;
                  types { text/html html; text/plain txt; application/octet-stream bin; }
                  server {
                    listen 127.0.0.1:%d;
                    root %s;
                    location = /moved { return 301 /hello.txt; }
                  }
                }
                """.formatted(isRoot() ? "user root;" : "", dir, dir, dir, dir, dir, dir, port, root);
        Path c = dir.resolve("nginx.conf");
        Files.writeString(c, conf);
        return new ExternalServer(List.of("nginx", "-p", dir.toString(), "-c", c.toString()), port, dir);
    }

    /** tinyproxy, an HTTP proxy (absolute-form requests and CONNECT). */
    static ExternalServer tinyproxy(Path dir) throws IOException {
        int port = freePort();
        Files.createDirectories(dir);
        String conf = "Port " + port + "\nListen 127.0.0.1\nTimeout 30\nMaxClients 20\nAllow 127.0.0.1\nLogLevel Info\n"
                + (isRoot() ? "User nobody\nGroup nogroup\n" : "");
        Path c = dir.resolve("tinyproxy.conf");
        Files.writeString(c, conf);
        return new ExternalServer(List.of("tinyproxy", "-d", "-c", c.toString()), port, dir);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
