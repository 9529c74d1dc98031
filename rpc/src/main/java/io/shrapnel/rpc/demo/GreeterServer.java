package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.RpcConfig;
import io.shrapnel.rpc.RpcServer;
import io.shrapnel.rpc.StreamSender;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * {@code bin/rpc-demo server [port]}: serves the demo Greeter on 127.0.0.1 (default port 27001)
 * until Ctrl-C. Each call runs in its own coro named {@code rpc:shrapnel.demo.Greeter/<method>}.
 */
public final class GreeterServer extends Greeter.Service {
    static final String USAGE = "usage: bin/rpc-demo server [port]";

    @Override
    public HelloReply sayHello(HelloRequest request) {
        return HelloReply.newBuilder().setMessage("hello " + request.getName()).build();
    }

    @Override
    public void sayHelloMany(HelloRequest request, StreamSender<HelloReply> responses) throws Exception {
        for (int i = 1; i <= request.getTimes(); i++) {
            responses.send(HelloReply.newBuilder().setMessage("hello " + request.getName() + " #" + i).build());
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Serves on the default loop until the process is stopped; returns the exit status: 2 for bad
     * arguments (with the usage on {@code err}), 1 when it cannot listen, 128 + the signal's number
     * after Ctrl-C or SIGTERM.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int port;
        try {
            port = new DemoArgs(args).atMost(1).port(0, 27001);
        } catch (IllegalArgumentException e) {
            return DemoArgs.usage(err, e, USAGE);
        }
        Coro.spawn("main", () -> {
            try {
                start(port, out);
            } catch (IOException e) {
                err.println("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
                Coro.setExit(1);
            }
        });
        return Coro.eventLoop();
    }

    /** Starts the demo server on 127.0.0.1:{@code port} and says so on {@code out}. Call from a coro. */
    static RpcServer start(int port, PrintStream out) throws IOException {
        RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                new GreeterServer());
        out.println("greeter listening on 127.0.0.1:" + server.port() + " " + server.services());
        return server;
    }
}
