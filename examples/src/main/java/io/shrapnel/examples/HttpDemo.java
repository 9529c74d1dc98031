package io.shrapnel.examples;

import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Router;
import io.shrapnel.codecs.http.StaticFiles;
import io.shrapnel.codecs.http.StatusPage;
import io.shrapnel.codecs.http.WebSocket;
import io.shrapnel.codecs.http.WsMessage;
import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An HTTP server in one screen: {@code bin/demo http [port] [directory]} (default 8080, and a page
 * of its own), then open http://127.0.0.1:8080/ in a browser: a static page whose script talks to a
 * WebSocket echo, {@code /hello/{name}}, a streamed {@code /count}, and {@code /status} with every
 * coro and where it waits.
 */
public final class HttpDemo {
    static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>shrapnel http demo</title></head>
            <body>
            <h1>Shrapnel HTTP demo</h1>
            <p><a href="/hello/world">/hello/world</a> · <a href="/count">/count</a> · <a href="/status">/status</a></p>
            <p>WebSocket echo: <input id="in" value="hello"> <button id="send">send</button></p>
            <pre id="log"></pre>
            <script>
            const log = t => document.getElementById('log').textContent += t + '\\n';
            const ws = new WebSocket('ws://' + location.host + '/ws');
            ws.onopen = () => log('open');
            ws.onmessage = e => log('echo: ' + e.data);
            ws.onclose = e => log('closed ' + e.code);
            document.getElementById('send').onclick = () => ws.send(document.getElementById('in').value);
            </script>
            </body></html>
            """;

    private HttpDemo() {}

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Path www = args.length > 1 ? Path.of(args[1]) : demoSite();
        Router app = Router.create()
                .get("/hello/{name}", (req, res) -> res.send("hello, " + req.pathParam("name") + "\n"))
                .get("/count", (req, res) -> {
                    OutputStream out = res.contentType("text/plain").outputStream(); // chunked, as it comes
                    for (int i = 1; i <= 5; i++) {
                        out.write((i + "\n").getBytes());
                        out.flush();
                        Coro.sleep(Duration.ofMillis(200)); // parks this connection's coro only
                    }
                })
                .get("/ws", WebSocket.endpoint(ws -> {
                    WsMessage m;
                    while ((m = ws.receive()) != null) {
                        ws.send(m.asText());
                    }
                }))
                .get("/status", StatusPage.create())
                .get("/{path...}", StaticFiles.serve(www));
        Coro.spawn("main", () -> {
            HttpServer server = HttpServer.builder()
                    .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .handler(app).build().start();
            System.out.println("http demo listening on " + server.localAddress() + " (open it in a browser)");
        });
        Coro.eventLoop();
    }

    private static Path demoSite() throws IOException {
        Path dir = Files.createTempDirectory("shrapnel-http-demo");
        dir.toFile().deleteOnExit();
        Path index = Files.writeString(dir.resolve("index.html"), PAGE);
        index.toFile().deleteOnExit();
        return dir;
    }
}
