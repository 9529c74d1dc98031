package io.shrapnel.codecs.amqp;

import java.io.IOException;

/**
 * What a consumer actor receives from {@link AmqpChannel#consume}: messages, and one final
 * {@link Cancelled} when the consumer ends (cancelled by the client, by the broker, or because the
 * channel or connection closed).
 *
 * <pre>{@code
 * ActorRef<Delivery> worker = Actors.spawn("worker", (Inbox<Delivery> in) -> {
 *     while (true) {
 *         switch (in.receive()) {
 *             case Delivery.Message m -> { handle(m.body()); m.ack(); }
 *             case Delivery.Cancelled c -> { return; }
 *         }
 *     }
 * });
 * channel.basicQos(50);                 // at most 50 unacknowledged messages in the mailbox
 * channel.consume("jobs", worker);
 * }</pre>
 */
public sealed interface Delivery {
    String consumerTag();

    /**
     * One message. Acknowledge it with {@link #ack()}, {@link #nack} or {@link #reject} (any thread,
     * any loop) unless the consumer was started with auto-ack.
     */
    record Message(AmqpChannel channel, String consumerTag, long deliveryTag, boolean redelivered, String exchange,
            String routingKey, Properties properties, byte[] body) implements Delivery {

        /** Acknowledges this message. */
        public void ack() throws IOException {
            channel.ack(deliveryTag, false);
        }

        /** Acknowledges this message, and with {@code multiple} every earlier one of the channel too. */
        public void ack(boolean multiple) throws IOException {
            channel.ack(deliveryTag, multiple);
        }

        /** Negative acknowledgement (RabbitMQ's basic.nack): requeued, or dropped / dead-lettered. */
        public void nack(boolean multiple, boolean requeue) throws IOException {
            channel.nack(deliveryTag, multiple, requeue);
        }

        /** Rejects this one message (basic.reject). */
        public void reject(boolean requeue) throws IOException {
            channel.reject(deliveryTag, requeue);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The consumer has ended; no messages follow.
     *
     * @param byBroker true when the broker cancelled it (the queue was deleted, a node went down)
     * @param error why the channel or connection closed, or null for a plain cancel
     */
    record Cancelled(String consumerTag, boolean byBroker, IOException error) implements Delivery {}
}
