package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.RpcConfig;
import io.shrapnel.rpc.RpcServer;
import io.shrapnel.rpc.StreamSender;
import java.net.InetSocketAddress;

/**
 * {@code bin/rpc-demo server [port]}: serves the demo Greeter on 127.0.0.1 (default port 27001)
 * until Ctrl-C. Each call runs in its own coro named {@code rpc:shrapnel.demo.Greeter/<method>}.
 */
public final class GreeterServer extends Greeter.Service {
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

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27001;
        Coro.spawn("main", () -> {
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                    new GreeterServer());
            System.out.println("greeter listening on 127.0.0.1:" + server.port() + " " + server.services());
        });
        System.exit(Coro.eventLoop());
    }
}
