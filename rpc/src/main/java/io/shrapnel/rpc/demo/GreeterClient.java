package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.CallOptions;
import io.shrapnel.rpc.Channel;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.health.ListServicesRequest;
import java.time.Duration;

/**
 * {@code bin/rpc-demo client [host] [port] [name]}: calls the demo Greeter once, then streams three
 * greetings, then asks the server's health service, and exits.
 */
public final class GreeterClient {
    private GreeterClient() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27001;
        String name = args.length > 2 ? args[2] : "coro";
        Coro.spawn("main", () -> {
            try (Channel channel = Channel.connect(host, port)) {
                Greeter.Client greeter = Greeter.client(channel,
                        CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
                HelloRequest request = HelloRequest.newBuilder().setName(name).setTimes(3).build();
                System.out.println(greeter.sayHello(request).getMessage());
                for (HelloReply r : greeter.sayHelloMany(request)) {
                    System.out.println(r.getMessage());
                }
                Health.Client health = Health.client(channel);
                System.out.println("health: " + health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
                System.out.println("services: "
                        + health.listServices(ListServicesRequest.getDefaultInstance()).getServicesList());
            } finally {
                Coro.setExit(0);
            }
        });
        System.exit(Coro.eventLoop());
    }
}
