package io.shrapnel.benchmarks.rpc;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteAsk;
import io.shrapnel.rpc.RemoteNode;
import io.shrapnel.rpc.Serialisers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * Remote actor refs between two JVMs: one-way tells of 16-byte messages into a counting actor, and
 * ask round trips. {@code ActorBench server PORT} / {@code ActorBench client PORT SERVER_PID SECONDS}.
 * The client prints tells received per second (counted by the receiving actor) and the ask p50/p99.
 */
public final class ActorBench {
    private ActorBench() {}

    static Serialisers serialisers() {
        return new Serialisers().registerProtobuf(BytesValue.getDefaultInstance())
                .registerProtobuf(Int64Value.getDefaultInstance());
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("server")) {
            Coro.spawn("main", () -> {
                ActorRef<Object> sink = Actors.spawn("sink", (Inbox<Object> in) -> {
                    long count = 0;
                    while (true) {
                        Object m = in.receive();
                        if (m instanceof RemoteAsk<?> ask) {
                            ask.reply(Int64Value.of(count));
                        } else {
                            count++;
                        }
                    }
                });
                Registry.register("sink", sink);
                ActorNode.start(new InetSocketAddress("127.0.0.1", port), serialisers());
                System.out.println("READY");
            });
            Coro.eventLoop();
            return;
        }
        long serverPid = Long.parseLong(args[2]);
        double seconds = Double.parseDouble(args[3]);
        Coro.spawn("main", () -> {
            ActorNode node = ActorNode.start(new InetSocketAddress("127.0.0.1", port + 50), serialisers());
            RemoteNode other = node.connect("127.0.0.1", port);
            ActorRef<Object> sink = other.ref("sink");
            long[] lat = new long[20_000];
            int n = 0;
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                tellBatch(sink);
                count(sink);
            }
            long c0 = count(sink);
            long cpu0 = RpcBench.cpuNanos(serverPid);
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                tellBatch(sink);
                count(sink); // bounds the outbox: at most one batch queued
            }
            long c1 = count(sink);
            long elapsed = System.nanoTime() - t0;
            long cpu = RpcBench.cpuNanos(serverPid) - cpu0;
            for (int i = 0; i < lat.length && i < 5000; i++, n++) {
                long s = System.nanoTime();
                count(sink);
                lat[i] = System.nanoTime() - s;
            }
            Arrays.sort(lat, 0, n);
            System.out.printf("actors: tells %.0f /s (server CPU %.2f us per message), ask p50 %.0f us p99 %.0f us%n",
                    (c1 - c0) * 1e9 / elapsed, cpu / 1e3 / Math.max(1, c1 - c0),
                    lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3);
            other.close();
            node.close();
            Coro.setExit(0);
        });
        System.exit(Coro.eventLoop());
    }

    private static void tellBatch(ActorRef<Object> sink) {
        for (int i = 0; i < 10_000; i++) {
            sink.tell(RpcBench.MESSAGE);
        }
    }

    private static long count(ActorRef<Object> sink) {
        Int64Value v = sink.ask(replyTo -> new RemoteAsk<>(Int64Value.of(0), replyTo), Duration.ofSeconds(30));
        return v.getValue();
    }
}
