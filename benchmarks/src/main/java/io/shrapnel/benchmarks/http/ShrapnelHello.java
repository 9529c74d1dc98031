package io.shrapnel.benchmarks.http;

import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Limits;
import io.shrapnel.codecs.http.Router;
import io.shrapnel.codecs.http.StaticFiles;
import io.shrapnel.kernel.Coro;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Our side of the HTTP benchmarks: {@code GET /plaintext} answers "Hello, World!", {@code GET
 * /static/...} serves files from a directory. One loop (the main thread). Args: port, directory.
 * Run by benchmarks/run-http.sh beside {@link NettyHello} and {@link HelidonHello}.
 */
public final class ShrapnelHello {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private ShrapnelHello() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path www = Path.of(args[1]);
        Router app = Router.create()
                .get("/plaintext", (req, res) -> res.contentType("text/plain").send(HELLO))
                .get("/static/{path...}", StaticFiles.serve(www));
        Coro.spawn("main", () -> HttpServer.builder()
                .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .limits(Limits.defaults().withMaxConnections(100_000).withMaxConnectionsPerAddress(100_000))
                .handler(app).build().start());
        System.out.println("shrapnel http on " + port);
        Coro.eventLoop();
    }
}
