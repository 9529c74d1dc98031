package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The http demo run as bin/demo runs it, talked to with the JDK's own HTTP and WebSocket clients. */
class HttpDemoTest {
    @Test
    void servesThePageHelloCountStatusAndAWebSocketEcho() throws Exception {
        // shutdownNow, not close: close() waits for the WebSocket's input side to wind down too.
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (ExampleProcess demo = ExampleProcess.start("http", NetExamplesTest.freePort())) {
            int port = demo.awaitListeningPort();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> page = jdk.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("new WebSocket"), page.body());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
            assertEquals("hello, world\n", jdk.send(HttpRequest.newBuilder(URI.create(base + "/hello/world")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("1\n2\n3\n4\n5\n", jdk.send(HttpRequest.newBuilder(URI.create(base + "/count")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = jdk.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(status.contains("http-accept") && status.contains("http-conn"), status);

            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket ws = jdk.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    echoed.complete(data.toString());
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendText("ping over a websocket", true);
            assertEquals("ping over a websocket", echoed.get(10, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        } finally {
            jdk.shutdownNow();
        }
    }
}
