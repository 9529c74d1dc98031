package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A server on its own loop thread, for tests that drive it with real clients from the test thread. It
 * listens on 127.0.0.1 on a free port below 32768 from {@link LoopbackPorts} (whatever port the
 * builder had), trying the next one if another process took the port between probe and bind.
 */
final class LiveServer implements AutoCloseable {
    final Scheduler loop;
    final HttpServer server;
    final int port;

    LiveServer(Handler handler, Limits limits) throws Exception {
        this(HttpServer.builder().handler(handler).limits(limits));
    }

    LiveServer(HttpServer.Builder builder) throws Exception {
        loop = Scheduler.create("http-test").start();
        HttpServer s = null;
        for (int attempt = 1; s == null; attempt++) {
            HttpServer candidate = builder.port(LoopbackPorts.tcp()).build();
            CompletableFuture<HttpServer> started = new CompletableFuture<>();
            Coro.spawnOn(loop, "start", () -> {
                try {
                    started.complete(candidate.start());
                } catch (Throwable t) {
                    started.completeExceptionally(t);
                }
            });
            try {
                s = started.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof BindException) || attempt == 10) {
                    loop.close();
                    throw e;
                }
            }
        }
        server = s;
        port = onLoop(server::port);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Runs {@code fn} in a coro on the server's loop and waits for its result. */
    <T> T onLoop(java.util.concurrent.Callable<T> fn) throws Exception {
        return io.shrapnel.kernel.testing.OnLoop.call(loop, fn);
    }

    /** Live coros on the server's loop (the acceptor is one). */
    int coros() throws Exception {
        return onLoop(() -> loop.liveCoros() - 1); // minus the probe itself
    }

    @Override
    public void close() throws Exception {
        onLoop(() -> {
            server.stop(Duration.ofSeconds(2));
            return null;
        });
        loop.close();
    }

    /** Open file descriptors of this JVM. */
    static int openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    /** Sends {@code raw} on a fresh connection and returns everything the server sent until it closed. */
    String raw(String raw) throws IOException {
        return raw(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    String raw(byte[] raw) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(15_000);
            OutputStream o = s.getOutputStream();
            o.write(raw);
            o.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Runs a command, fails if it does not exit 0 within 60 s; returns stdout (stderr in {@code err[0]}). */
    static String run(List<String> cmd, String[] err) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> errBytes = CompletableFuture.supplyAsync(() -> readQuietly(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 60 s");
        }
        String e = new String(errBytes.get(), StandardCharsets.UTF_8);
        if (err != null) {
            err[0] = e;
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ":\n" + e + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String run(String... cmd) throws Exception {
        return run(List.of(cmd), null);
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
