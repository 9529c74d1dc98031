package io.shrapnel.benchmarks.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Helidon 4 SE peer: its webserver (a virtual thread per connection) with the same two
 * endpoints. Args: port, directory.
 */
public final class HelidonHello {
    private HelidonHello() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Path www = Path.of(args[1]);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(r -> r
                        .get("/plaintext", (req, res) -> {
                            res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                            res.send(ShrapnelHello.HELLO);
                        })
                        .get("/static/{name}", (req, res) -> {
                            String name = req.path().pathParameters().get("name");
                            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
                            res.send(Files.readAllBytes(www.resolve(name)));
                        }))
                .build()
                .start();
        System.out.println("helidon http on " + server.port());
    }
}
