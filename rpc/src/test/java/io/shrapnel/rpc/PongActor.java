package io.shrapnel.rpc;

import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The actor the remote-ref tests talk to: answers a RemoteAsk of a HelloRequest with "pong <name>"
 * (never if the name is "silent"),
 * records tells, and exits when told "exit" (normally) or "crash" (with an exception).
 */
final class PongActor {
    final List<String> told = new ArrayList<>();

    void run(Inbox<Object> in) {
        while (true) {
            switch (in.receive()) {
                case RemoteAsk<?> a when ((HelloRequest) a.request()).getName().equals("silent") -> { }
                case RemoteAsk<?> a -> a.reply(
                        HelloReply.newBuilder().setMessage("pong " + ((HelloRequest) a.request()).getName()).build());
                case HelloRequest r when r.getName().equals("exit") -> {
                    return;
                }
                case HelloRequest r when r.getName().equals("crash") -> throw new IllegalStateException("crashed");
                case HelloRequest r -> told.add(r.getName());
                default -> { }
            }
        }
    }

    static Serialisers serialisers() {
        return new Serialisers().registerProtobuf(HelloRequest.getDefaultInstance())
                .registerProtobuf(HelloReply.getDefaultInstance());
    }
}
