package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Load generators and a browser against the server: wrk, h2load --h1, headless Chromium (page and WebSocket). */
@ExtendWith(CoroTestExtension.class)
class RealClientsTest {
    @TempDir
    Path tmp;
    private LiveServer live;
    private final List<String> wsLog = new CopyOnWriteArrayList<>();

    static final String PAGE = """
            <!doctype html>
            <html><head><title>shrapnel</title><link rel="stylesheet" href="/style.css"></head>
            <body><p id="out">waiting</p>
            <script>
            const out = document.getElementById('out');
            const ws = new WebSocket('ws://' + location.host + '/echo');
            ws.onopen = () => { ws.send('x'.repeat(70000)); ws.send('hello from chromium'); };
            let n = 0;
            ws.onmessage = e => {
              n++;
              if (n === 2) { out.textContent = 'echo:' + e.data + ':' + (e.data === 'hello from chromium'); ws.close(1000, 'done'); }
            };
            ws.onerror = () => { out.textContent = 'websocket error'; };
            // The load event (after which --dump-dom prints) waits for this frame, which the server
            // answers only once the WebSocket has closed.
            const f = document.createElement('iframe'); f.src = '/wait'; document.body.appendChild(f);
            </script></body></html>
            """;

    @BeforeEach
    void start() throws Exception {
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), PAGE);
        Files.writeString(www.resolve("style.css"), "body { color: #333; }\n");
        Router app = Router.create()
                .get("/plaintext", (req, res) -> res.send("Hello, World!"))
                .get("/echo", WebSocket.endpoint(ws -> {
                    WsMessage m;
                    while ((m = ws.receive()) != null) {
                        wsLog.add("got " + m.asText().length());
                        ws.send(m.asText());
                    }
                    wsLog.add("closed " + ws.closeCode() + " " + ws.closeReason());
                }))
                .get("/wait", (req, res) -> {
                    // a fixture for the browser test: bounded at 10 s
                    for (int i = 0; i < 1000 && wsLog.stream().noneMatch(l -> l.startsWith("closed")); i++) {
                        io.shrapnel.kernel.Coro.sleep(java.time.Duration.ofMillis(10));
                    }
                    res.contentType("text/html").send("<p>done</p>");
                })
                .get("/{path...}", StaticFiles.serve(www));
        live = new LiveServer(app, Limits.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    @Test
    void wrkGetsOnlySuccessfulResponses() throws Exception {
        String out = LiveServer.run("wrk", "-t1", "-c16", "-d1s", live.url("/plaintext"));
        Matcher m = Pattern.compile("(\\d+) requests in").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) > 0, out); // how many depends on the machine's load: no speed asserted
        assertTrue(!out.contains("Non-2xx") && !out.contains("Socket errors"), out);
    }

    @Test
    void wrkPipelinesSixteenDeep() throws Exception {
        Path script = tmp.resolve("wrk-pipeline.lua");
        try (var in = RealClientsTest.class.getResourceAsStream("/wrk-pipeline.lua")) {
            Files.write(script, in.readAllBytes());
        }
        String out = LiveServer.run("wrk", "-t1", "-c8", "-d1s", "-s", script.toString(), live.url("/plaintext"), "--", "16");
        assertTrue(out.contains("requests in"), out);
        assertTrue(!out.contains("Non-2xx") && !out.contains("Socket errors"), out);
    }


    @Test
    void h2loadInHttp11ModeCompletesEveryRequest() throws Exception {
        String out = LiveServer.run("h2load", "--h1", "-n", "2000", "-c", "8", "-m", "4", live.url("/plaintext"));
        assertTrue(out.contains("2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored"), out);
        assertTrue(out.contains("status codes: 2000 2xx"), out);
    }

    @Test
    void headlessChromiumLoadsThePageAndEchoesOverWebSocket() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        String dom = LiveServer.run(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", live.url("/")), null);
        assertTrue(dom.contains("echo:hello from chromium:true"), dom);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> wsLog.stream().anyMatch(s -> s.startsWith("closed")));
        assertEquals(List.of("got 70000", "got 19", "closed 1000 done"), wsLog);
    }
}
