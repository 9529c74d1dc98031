package io.shrapnel.codecs.amqp;

import io.shrapnel.kernel.OneShot;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Request and reply over AMQP: each {@link #call} publishes with {@code reply-to} and a fresh
 * {@code correlation-id} and parks until the reply with that id arrives. Replies come back through
 * RabbitMQ's direct reply-to pseudo queue ({@link #directReplyTo}: no queue is created) or an
 * exclusive queue of the client's ({@link #replyQueue}). Servers answer with {@link #reply}.
 *
 * <pre>{@code
 * AmqpRpc rpc = AmqpRpc.directReplyTo(connection.openChannel());
 * Delivery.Message answer = rpc.call("", "rpc.upper", Properties.EMPTY, "hi".getBytes(), Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Threading: the connection's loop; many coros may call at once (replies are matched by id).
 */
public final class AmqpRpc {
    /** RabbitMQ's pseudo queue for replies straight to the consuming channel. */
    public static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    private final AmqpChannel channel;
    private final String replyTo;
    private final Map<String, OneShot<Delivery.Message>> pending = new HashMap<>();
    private IOException ended;
    private long nextId;

    private AmqpRpc(AmqpChannel channel, String replyTo) throws IOException {
        this.channel = channel;
        this.replyTo = replyTo;
        channel.consume(replyTo, new AmqpChannel.Consumer() {
            @Override
            public void deliver(Delivery.Message m) {
                OneShot<Delivery.Message> waiting = pending.remove(m.properties().correlationId());
                if (waiting != null) {
                    waiting.signal(m);
                }
            }

            @Override
            public void ended(Delivery.Cancelled c) {
                ended = c.error() != null ? c.error() : new AmqpException("the reply consumer was cancelled", null);
                for (OneShot<Delivery.Message> w : pending.values()) {
                    w.signal(null);
                }
                pending.clear();
            }
        }, true, false);
    }

    /** Replies through RabbitMQ's direct reply-to; the channel is this client's from now on. */
    public static AmqpRpc directReplyTo(AmqpChannel channel) throws IOException {
        return new AmqpRpc(channel, DIRECT_REPLY_TO);
    }

    /** Replies through an exclusive, server-named queue declared here. */
    public static AmqpRpc replyQueue(AmqpChannel channel) throws IOException {
        return new AmqpRpc(channel, channel.queueDeclare(QueueSpec.serverNamed()).name());
    }

    /** The queue replies go to. */
    public String replyTo() {
        return replyTo;
    }

    /**
     * Publishes a request and parks for its reply.
     *
     * @throws RpcTimeoutException if none came within {@code timeout}
     */
    public Delivery.Message call(String exchange, String routingKey, Properties properties, byte[] body,
            Duration timeout) throws IOException {
        if (ended != null) {
            throw ended;
        }
        String id = Long.toString(++nextId);
        OneShot<Delivery.Message> reply = new OneShot<>();
        pending.put(id, reply);
        try {
            channel.publish(exchange, routingKey, properties.toBuilder().replyTo(replyTo).correlationId(id).build(), body);
            if (!reply.await(timeout)) {
                throw new RpcTimeoutException("no reply to request " + id + " sent to '" + exchange + "' with key '"
                        + routingKey + "' within " + timeout);
            }
        } finally {
            pending.remove(id);
        }
        if (reply.value() == null) {
            throw ended;
        }
        return reply.value();
    }

    /** Requests waiting for their reply. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * A server's answer to {@code request}: published on {@code channel} to the request's
     * {@code reply-to} with its {@code correlation-id}.
     */
    public static void reply(AmqpChannel channel, Delivery.Message request, Properties properties, byte[] body)
            throws IOException {
        Properties p = request.properties();
        if (p.replyTo() == null) {
            throw new IllegalArgumentException("the request " + request.deliveryTag() + " has no reply-to to answer");
        }
        channel.publish("", p.replyTo(), properties.toBuilder().correlationId(p.correlationId()).build(), body);
    }
}
