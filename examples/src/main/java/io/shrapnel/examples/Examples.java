package io.shrapnel.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the examples jar: {@code java -jar shrapnel-examples.jar [example] [args...]}. With no
 * example (or flags only) it runs the main demo, the chat server.
 */
public final class Examples {
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Main> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("chat", io.shrapnel.examples.chat.ChatDemo::main);
        EXAMPLES.put("worms", io.shrapnel.examples.worms.WormsDemo::main);
        EXAMPLES.put("sleepers", Sleepers::main);
        EXAMPLES.put("echo", EchoServer::main);
        EXAMPLES.put("first-server", FirstServer::main);
        EXAMPLES.put("client", EchoClient::main);
        EXAMPLES.put("proxy", SpyingProxy::main);
        EXAMPLES.put("echo-idle", IdleEchoServer::main);
        EXAMPLES.put("t0", BackdoorDemo::main);
        EXAMPLES.put("profile", ProfiledEcho::main);
        EXAMPLES.put("profile-report", io.shrapnel.monitoring.ProfileReport::main);
        EXAMPLES.put("actors", ActorsDemo::main);
        EXAMPLES.put("http", HttpDemo::main);
        EXAMPLES.put("rpc-server", io.shrapnel.rpc.demo.GreeterServer::main);
        EXAMPLES.put("rpc-client", io.shrapnel.rpc.demo.GreeterClient::main);
        EXAMPLES.put("rpc-ping", io.shrapnel.rpc.demo.ActorPing::main);
        EXAMPLES.put("cluster", io.shrapnel.rpc.cluster.demo.ClusterDemo::main);
    }

    private Examples() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            EXAMPLES.get("chat").run(args);
            return;
        }
        if (!EXAMPLES.containsKey(args[0])) {
            System.err.println("usage: java -jar shrapnel-examples.jar [example] [args...] (no example: the chat demo)");
            System.err.println("examples: " + String.join(", ", EXAMPLES.keySet()));
            System.exit(2);
        }
        EXAMPLES.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
