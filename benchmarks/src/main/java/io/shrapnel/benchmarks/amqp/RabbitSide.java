package io.shrapnel.benchmarks.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** RabbitMQ's amqp-client 5.x with its defaults (its own consumer thread pool, blocking calls). */
final class RabbitSide implements Side {
    private final Connection connection;

    RabbitSide(int port) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setUsername("test");
        f.setPassword("test");
        f.setAutomaticRecoveryEnabled(false);
        connection = f.newConnection("amqp-client-bench");
    }

    @Override
    public String name() {
        return "amqp-client";
    }

    @Override
    public Measured publishConfirmed(String queue, int n, int batch, byte[] body) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            long cpu = Side.cpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ch.basicPublish("", queue, null, body);
                if ((i + 1) % batch == 0 || i == n - 1) {
                    ch.waitForConfirmsOrDie(10_000);
                }
            }
            return new Measured(n, System.nanoTime() - t0, Side.cpuNanos() - cpu);
        }
    }

    @Override
    public Measured consumeAcked(String queue, int n, int prefetch) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.basicQos(prefetch);
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            AtomicLong end = new AtomicLong();
            long cpu = Side.cpuNanos();
            long t0 = System.nanoTime();
            String tag = ch.basicConsume(queue, false, (consumerTag, d) -> {
                ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
                if (seen.incrementAndGet() == n) {
                    end.set(System.nanoTime());
                    done.countDown();
                }
            }, consumerTag -> { });
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("amqp-client consumed only " + seen.get() + " of " + n);
            }
            Measured m = new Measured(n, end.get() - t0, Side.cpuNanos() - cpu);
            ch.basicCancel(tag);
            return m;
        }
    }

    @Override
    public Rpc openRpc(String queue) throws Exception {
        Channel ch = connection.createChannel();
        AtomicReference<CompletableFuture<byte[]>> pending = new AtomicReference<>();
        ch.basicConsume("amq.rabbitmq.reply-to", true, (tag, d) -> pending.get().complete(d.getBody()), tag -> { });
        byte[] body = new byte[64];
        return new Rpc() {
            private int next;

            @Override
            public long[] calls(int n) throws Exception {
                long[] took = new long[n];
                for (int i = 0; i < n; i++) {
                    CompletableFuture<byte[]> reply = new CompletableFuture<>();
                    pending.set(reply);
                    long t0 = System.nanoTime();
                    ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to")
                            .correlationId(Integer.toString(next++)).build(), body);
                    reply.get(10, TimeUnit.SECONDS);
                    took[i] = System.nanoTime() - t0;
                }
                return took;
            }

            @Override
            public void close() throws Exception {
                ch.close();
            }
        };
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
