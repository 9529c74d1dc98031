package io.shrapnel.benchmarks.amqp;

import io.shrapnel.codecs.amqp.AmqpChannel;
import io.shrapnel.codecs.amqp.AmqpConfig;
import io.shrapnel.codecs.amqp.AmqpConnection;
import io.shrapnel.codecs.amqp.AmqpRpc;
import io.shrapnel.codecs.amqp.Delivery;
import io.shrapnel.codecs.amqp.Properties;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Shrapnel's client: one connection on one event loop; the consumer is an actor (a coro with a mailbox). */
final class ShrapnelSide implements Side {
    private final Scheduler loop = Scheduler.create("amqp-bench").start();
    private final AmqpConnection connection;

    ShrapnelSide(int port) throws Exception {
        AmqpConfig config = AmqpConfig.builder().port(port).credentials("test", "test").build();
        connection = onLoop(() -> AmqpConnection.open(config));
    }

    private interface CoroCall<T> {
        T call() throws Exception;
    }

    private <T> T onLoop(CoroCall<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.spawn(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get();
    }

    @Override
    public String name() {
        return "shrapnel";
    }

    @Override
    public Measured publishConfirmed(String queue, int n, int batch, byte[] body) throws Exception {
        return onLoop(() -> {
            AmqpChannel ch = connection.openChannel();
            ch.confirmSelect();
            long cpu = Side.cpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ch.publishAsync("", queue, false, Properties.EMPTY, body);
                if ((i + 1) % batch == 0 || i == n - 1) {
                    ch.awaitConfirms();
                }
            }
            Measured m = new Measured(n, System.nanoTime() - t0, Side.cpuNanos() - cpu);
            ch.close();
            return m;
        });
    }

    @Override
    public Measured consumeAcked(String queue, int n, int prefetch) throws Exception {
        return onLoop(() -> {
            AmqpChannel ch = connection.openChannel();
            ch.basicQos(prefetch);
            OneShot<Long> done = new OneShot<>();
            long cpu = Side.cpuNanos();
            long t0 = System.nanoTime();
            var consumer = Actors.spawn("bench-consumer", (Inbox<Delivery> in) -> {
                for (int seen = 0; seen < n; ) {
                    if (in.receive() instanceof Delivery.Message m) {
                        m.ack();
                        seen++;
                    }
                }
                done.signal(System.nanoTime());
            });
            String tag = ch.consume(queue, consumer);
            Measured m = new Measured(n, done.await() - t0, Side.cpuNanos() - cpu);
            ch.cancel(tag);
            ch.close();
            return m;
        });
    }

    @Override
    public Rpc openRpc(String queue) throws Exception {
        AmqpChannel ch = onLoop(connection::openChannel);
        AmqpRpc rpc = onLoop(() -> AmqpRpc.directReplyTo(ch));
        byte[] body = new byte[64];
        return new Rpc() {
            @Override
            public long[] calls(int n) throws Exception {
                return onLoop(() -> {
                    long[] took = new long[n];
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        rpc.call("", queue, Properties.EMPTY, body, Duration.ofSeconds(10));
                        took[i] = System.nanoTime() - t0;
                    }
                    return took;
                });
            }

            @Override
            public void close() throws Exception {
                onLoop(() -> {
                    ch.close();
                    return null;
                });
            }
        };
    }

    @Override
    public void close() throws Exception {
        onLoop(() -> {
            connection.close();
            return null;
        });
        loop.setExit(0);
    }
}
