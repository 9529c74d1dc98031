package io.shrapnel.rpc.demo;

import io.shrapnel.kernel.Coro;
import io.shrapnel.rpc.CallOptions;
import io.shrapnel.rpc.Channel;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.health.ListServicesRequest;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code bin/rpc-demo client [host] [port] [name]}: calls the demo Greeter once, then streams three
 * greetings, then asks the server's health service, and exits.
 */
public final class GreeterClient {
    static final String USAGE = "usage: bin/rpc-demo client [host] [port] [name]";

    private GreeterClient() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Talks to the demo server on the default loop; returns the exit status: 0 when every call
     * answered, 1 when one failed (the reason on {@code err}), 2 for bad arguments (with the usage).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String host;
        int port;
        String name;
        try {
            DemoArgs a = new DemoArgs(args).atMost(3);
            host = a.text(0, "127.0.0.1");
            port = a.port(1, 27001);
            name = a.text(2, "coro");
        } catch (IllegalArgumentException e) {
            return DemoArgs.usage(err, e, USAGE);
        }
        Coro.spawn("main", () -> Coro.setExit(talk(host, port, name, out, err)));
        return Coro.eventLoop();
    }

    /** The demo's calls, printed on {@code out}; returns 0, or 1 when one failed. Call from a coro. */
    static int talk(String host, int port, String name, PrintStream out, PrintStream err) {
        try (Channel channel = Channel.connect(host, port)) {
            Greeter.Client greeter = Greeter.client(channel, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
            HelloRequest request = HelloRequest.newBuilder().setName(name).setTimes(3).build();
            out.println(greeter.sayHello(request).getMessage());
            for (HelloReply r : greeter.sayHelloMany(request)) {
                out.println(r.getMessage());
            }
            Health.Client health = Health.client(channel);
            out.println("health: " + health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
            out.println("services: " + health.listServices(ListServicesRequest.getDefaultInstance()).getServicesList());
            return 0;
        } catch (Exception e) {
            err.println("greeter at " + host + ":" + port + ": " + e);
            return 1;
        }
    }
}
