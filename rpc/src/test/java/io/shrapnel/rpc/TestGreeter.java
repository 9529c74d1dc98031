package io.shrapnel.rpc;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.rpc.test.AllTypes;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The test service. Names steer it: "fail" throws, "status" throws an RpcException with trailers,
 * "sleep" sleeps {@code sleep_millis} (recording an interrupt), "deadline" reports the deadline it
 * saw, "meta" echoes the metadata key "who", "big" answers with {@code count} bytes.
 */
final class TestGreeter extends Greeter.Service {
    final List<String> events = new ArrayList<>();
    int interrupted;
    int sleeping;
    /** Where "relay" forwards a "deadline" call, and with which options. */
    Channel relay;
    CallOptions relayOptions = CallOptions.DEFAULT;
    int produced;

    @Override
    public HelloReply sayHello(HelloRequest request) throws Exception {
        RpcContext ctx = RpcContext.current();
        switch (request.getName()) {
            case "fail" -> throw new IllegalStateException("boom");
            case "status" -> throw new RpcException(StatusCode.NOT_FOUND, "no such greeting",
                    Metadata.EMPTY.with("hint", "try another"), null);
            case "sleep" -> {
                sleeping++;
                try {
                    Coro.sleep(Duration.ofMillis(request.getSleepMillis()));
                } catch (Interrupted e) {
                    interrupted++;
                    events.add("interrupted " + ctx.method());
                    throw e;
                }
            }
            case "deadline" -> {
                return reply(ctx.hasDeadline() ? "deadline " + ctx.timeRemaining().toMillis() : "no deadline");
            }
            case "meta" -> {
                return reply("who=" + ctx.metadata().text("who"));
            }
            case "big" -> {
                return reply("x".repeat(request.getCount()));
            }
            case "relay" -> {
                HelloRequest next = HelloRequest.newBuilder().setName("deadline").build();
                return reply("via relay: " + Greeter.client(relay, relayOptions).sayHello(next).getMessage());
            }
            case "null" -> {
                return null;
            }
            default -> { }
        }
        return reply("hello " + request.getName());
    }

    private static HelloReply reply(String text) {
        return HelloReply.newBuilder().setMessage(text).build();
    }

    @Override
    public AllTypes echo(AllTypes request) {
        return request;
    }

    @Override
    public void repeat(HelloRequest request, StreamSender<HelloReply> responses) throws Exception {
        for (int i = 0; i < request.getCount(); i++) {
            responses.send(reply(request.getName() + " " + i));
            produced++;
        }
    }

    @Override
    public HelloReply collect(Requests<HelloRequest> requests) throws Exception {
        StringBuilder b = new StringBuilder();
        for (HelloRequest r : requests) {
            b.append(r.getName());
        }
        return reply(b.toString());
    }

    @Override
    public void chat(Requests<HelloRequest> requests, StreamSender<HelloReply> responses) throws Exception {
        for (HelloRequest r; (r = requests.receive()) != null; ) {
            responses.send(reply("re: " + r.getName()));
        }
    }
}
