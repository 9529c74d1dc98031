package io.shrapnel.rpc;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Registry;
import java.net.InetSocketAddress;

/**
 * A second node for multi-process tests: serves the actor "pong" and the test Greeter on the port
 * given, prints "READY" when it listens, and runs until killed.
 */
public final class PongNode {
    private PongNode() {}

    public static void main(String[] args) throws Exception {
        int actorPort = Integer.parseInt(args[0]);
        int rpcPort = Integer.parseInt(args[1]);
        Coro.spawn("main", () -> {
            PongActor pong = new PongActor();
            ActorRef<Object> ref = Actors.spawn("pong", pong::run);
            Registry.register("pong", ref);
            ActorNode.start(new InetSocketAddress("127.0.0.1", actorPort), PongActor.serialisers());
            RpcServer.start(new InetSocketAddress("127.0.0.1", rpcPort), RpcConfig.DEFAULT, new TestGreeter());
            System.out.println("READY");
            System.out.flush();
        });
        Coro.eventLoop();
    }
}
