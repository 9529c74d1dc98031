package io.shrapnel.benchmarks.http;

import io.shrapnel.codecs.http.HttpClient;
import io.shrapnel.kernel.Coro;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests per second of a client against one server: ours (one loop, {@code concurrency} coros
 * sharing one {@link HttpClient}) or the JDK's {@code java.net.http.HttpClient} (HTTP/1.1,
 * {@code concurrency} virtual threads calling {@code send}). Each request is a GET whose body is
 * read whole. Args: shrapnel|jdk, url, concurrency, warm-up seconds, measured seconds.
 */
public final class HttpClientThroughput {
    private HttpClientThroughput() {}

    public static void main(String[] args) throws Exception {
        String which = args[0];
        String url = args[1];
        int concurrency = Integer.parseInt(args[2]);
        Duration warm = Duration.ofSeconds(Long.parseLong(args[3]));
        Duration measure = Duration.ofSeconds(Long.parseLong(args[4]));
        long n = switch (which) {
            case "shrapnel" -> {
                run(which, () -> shrapnel(url, concurrency, warm));
                yield run(which, () -> shrapnel(url, concurrency, measure));
            }
            case "jdk" -> {
                run(which, () -> jdk(url, concurrency, warm));
                yield run(which, () -> jdk(url, concurrency, measure));
            }
            default -> throw new IllegalArgumentException("shrapnel or jdk, not " + which);
        };
        System.out.printf("%s client: %d requests in %ds: %.0f req/s%n", which, n, measure.toSeconds(),
                n / (double) measure.toSeconds());
    }

    private interface Run {
        long run() throws Exception;
    }

    private static long run(String which, Run r) throws Exception {
        return r.run();
    }

    private static long shrapnel(String url, int concurrency, Duration d) {
        long[] count = new long[1];
        Coro.spawn("client-main", () -> {
            try (HttpClient client = HttpClient.builder().maxConnectionsPerHost(concurrency).build()) {
                long end = Coro.now() + d.toNanos();
                List<Coro> workers = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    workers.add(Coro.spawn(() -> {
                        while (Coro.now() < end) {
                            if (client.get(url).status() == 200) {
                                count[0]++;
                            }
                        }
                    }));
                }
                for (Coro w : workers) {
                    w.join();
                }
            }
            Coro.setExit(0);
        });
        Coro.eventLoop();
        return count[0];
    }

    private static long jdk(String url, int concurrency, Duration d) throws Exception {
        LongAdder count = new LongAdder();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
            long end = System.nanoTime() + d.toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200) {
                                count.increment();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
        }
        return count.sum();
    }
}
