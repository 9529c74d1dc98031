package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireReader;
import io.shrapnel.kernel.Mutex;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.mailbox.ActorRef;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One channel of an {@link AmqpConnection}: declarations, publishing (with confirms), consumers.
 * Synchronous methods (declare, bind, qos, consume...) park the calling coro until the broker's
 * reply; a broker error closes the channel and comes back as an {@link AmqpException} with its
 * reply code ({@code 404 NOT_FOUND}, {@code 406 PRECONDITION_FAILED}...). Open a new channel then.
 *
 * <p>Threading: call it from coros of the connection's loop, except {@link #ack}, {@link #nack} and
 * {@link #reject}, which any thread may call.
 */
public final class AmqpChannel implements AutoCloseable {
    private static final AtomicLong CONSUMER_TAGS = new AtomicLong();

    private final AmqpConnection connection;
    private final int number;
    private final Mutex rpcLock = new Mutex();
    private ContentAssembler content;
    private final Map<String, ConsumerSpec> consumers = new HashMap<>();
    private final Confirms confirms = new Confirms();
    /** Replies still owed to callers that stopped waiting (timed out): each is dropped when it comes. */
    private final ArrayDeque<List<MethodSpec>> abandoned = new ArrayDeque<>();
    private OneShot<Object> pendingReply;
    private List<MethodSpec> expected = List.of();
    private volatile IOException closeReason;
    private ActorRef<? super Returned> returns;
    private Integer prefetch;
    /**
     * Bumped at each recovery: delivery tags handed out carry it in their top 16 bits, so an ack for
     * a message of the lost channel is dropped instead of reaching the new one (which would refuse
     * the unknown tag with 406 and close).
     */
    private int epoch;

    AmqpChannel(AmqpConnection connection, int number) {
        this.connection = connection;
        this.number = number;
        this.content = new ContentAssembler(number, connection.config().maxMessageSize());
    }

    /** A consumer's sink: an actor for users, a callback for the RPC client. */
    interface Consumer {
        void deliver(Delivery.Message m);

        void ended(Delivery.Cancelled c);
    }

    /** A consumer as started, to start it again after recovery. */
    private record ConsumerSpec(String queue, Consumer sink, boolean autoAck, boolean exclusive) {}

    private static final int EPOCH_SHIFT = 48;
    private static final long TAG_MASK = (1L << EPOCH_SHIFT) - 1;

    void open() throws IOException {
        rpc(Method.of(MethodSpec.CHANNEL_OPEN, ""), MethodSpec.CHANNEL_OPEN_OK);
    }

    public int number() {
        return number;
    }

    public AmqpConnection connection() {
        return connection;
    }

    public boolean isOpen() {
        return closeReason == null;
    }

    /** Why the channel closed, or null while open. */
    public IOException closeReason() {
        return closeReason;
    }

    // ---- synchronous requests

    Method rpc(Method request, MethodSpec... replies) throws IOException {
        return (Method) call(request, replies);
    }

    /** Sends {@code request} and parks for the reply: a {@link Method}, or a {@link Delivery.Message} for get-ok. */
    private Object call(Method request, MethodSpec... replies) throws IOException {
        checkOpen();
        connection.checkUsable();
        try (Mutex.Hold h = rpcLock.lock()) {
            checkOpen();
            connection.checkUsable();
            OneShot<Object> reply = new OneShot<>();
            pendingReply = reply;
            expected = List.of(replies);
            connection.send(FrameWriter.method(number, request));
            boolean answered = false;
            try {
                Object r = reply.await();
                answered = true;
                if (r instanceof IOException e) {
                    throw e;
                }
                return r;
            } finally {
                if (!answered && pendingReply == reply) {
                    abandoned.add(expected);
                    pendingReply = null;
                }
            }
        }
    }

    private void checkOpen() throws IOException {
        IOException r = closeReason;
        if (r != null) {
            throw r;
        }
    }

    /** Declares an exchange (creates it, or checks that it exists with the same settings: else 406). */
    public void exchangeDeclare(ExchangeSpec e) throws IOException {
        rpc(Method.of(MethodSpec.EXCHANGE_DECLARE, 0, e.name(), e.type(), false, e.durable(), e.autoDelete(),
                e.internal(), false, e.arguments()), MethodSpec.EXCHANGE_DECLARE_OK);
        connection.topology.exchange(e);
    }

    /** Checks that the exchange exists; {@code 404 NOT_FOUND} (and a closed channel) if not. */
    public void exchangeDeclarePassive(String name) throws IOException {
        rpc(Method.of(MethodSpec.EXCHANGE_DECLARE, 0, name, "", true, false, false, false, false, Map.of()),
                MethodSpec.EXCHANGE_DECLARE_OK);
    }

    public void exchangeDelete(String name, boolean ifUnused) throws IOException {
        rpc(Method.of(MethodSpec.EXCHANGE_DELETE, 0, name, ifUnused, false), MethodSpec.EXCHANGE_DELETE_OK);
        connection.topology.exchangeDeleted(name);
    }

    /** Routes from {@code source} to the exchange {@code destination} (RabbitMQ's exchange-to-exchange binding). */
    public void exchangeBind(String destination, String source, String routingKey) throws IOException {
        rpc(Method.of(MethodSpec.EXCHANGE_BIND, 0, destination, source, routingKey, false, Map.of()),
                MethodSpec.EXCHANGE_BIND_OK);
        connection.topology.bind(new Topology.Binding(true, destination, source, routingKey, Map.of()));
    }

    public QueueInfo queueDeclare(QueueSpec q) throws IOException {
        Method ok = rpc(Method.of(MethodSpec.QUEUE_DECLARE, 0, q.name(), false, q.durable(), q.exclusive(),
                q.autoDelete(), false, q.arguments()), MethodSpec.QUEUE_DECLARE_OK);
        connection.topology.queue(ok.str(0), q);
        return new QueueInfo(ok.str(0), ok.longValue(1), ok.longValue(2));
    }

    /** Checks that the queue exists and returns its counts; {@code 404 NOT_FOUND} (and a closed channel) if not. */
    public QueueInfo queueDeclarePassive(String name) throws IOException {
        Method ok = rpc(Method.of(MethodSpec.QUEUE_DECLARE, 0, name, true, false, false, false, false, Map.of()),
                MethodSpec.QUEUE_DECLARE_OK);
        return new QueueInfo(ok.str(0), ok.longValue(1), ok.longValue(2));
    }

    public void queueBind(String queue, String exchange, String routingKey, Map<String, Object> arguments)
            throws IOException {
        rpc(Method.of(MethodSpec.QUEUE_BIND, 0, queue, exchange, routingKey, false, arguments), MethodSpec.QUEUE_BIND_OK);
        connection.topology.bind(new Topology.Binding(false, queue, exchange, routingKey, arguments));
    }

    public void queueUnbind(String queue, String exchange, String routingKey) throws IOException {
        rpc(Method.of(MethodSpec.QUEUE_UNBIND, 0, queue, exchange, routingKey, Map.of()), MethodSpec.QUEUE_UNBIND_OK);
        connection.topology.unbind(new Topology.Binding(false, queue, exchange, routingKey, Map.of()));
    }

    /** Drops the ready messages of a queue; returns how many. */
    public long queuePurge(String queue) throws IOException {
        return rpc(Method.of(MethodSpec.QUEUE_PURGE, 0, queue, false), MethodSpec.QUEUE_PURGE_OK).longValue(0);
    }

    /** Deletes a queue; returns how many messages it held. */
    public long queueDelete(String queue, boolean ifUnused, boolean ifEmpty) throws IOException {
        long count = rpc(Method.of(MethodSpec.QUEUE_DELETE, 0, queue, ifUnused, ifEmpty, false),
                MethodSpec.QUEUE_DELETE_OK).longValue(0);
        connection.topology.queueDeleted(queue);
        return count;
    }

    /**
     * At most {@code prefetchCount} unacknowledged messages per consumer of this channel (0: no
     * limit): with manual acks this bounds what waits in a consumer actor's mailbox.
     */
    public void basicQos(int prefetchCount) throws IOException {
        rpc(Method.of(MethodSpec.BASIC_QOS, 0L, prefetchCount, false), MethodSpec.BASIC_QOS_OK);
        prefetch = prefetchCount;
    }

    // ---- publishing

    /** Puts the channel in confirm mode: from now on the broker acks (or nacks) every publish. */
    public void confirmSelect() throws IOException {
        if (!confirms.enabled()) {
            rpc(Method.of(MethodSpec.CONFIRM_SELECT, false), MethodSpec.CONFIRM_SELECT_OK);
            confirms.enable();
        }
    }

    /** Where unroutable mandatory messages go ({@code basic.return}); without one they are dropped. */
    public void onReturn(ActorRef<? super Returned> target) {
        returns = target;
    }

    /**
     * Publishes; in confirm mode parks until the broker confirms it.
     *
     * @throws PublishFailedException if the broker nacks it or the channel closes first
     */
    public void publish(String exchange, String routingKey, Properties properties, byte[] body) throws IOException {
        Confirmation c = publishAsync(exchange, routingKey, false, properties, body);
        if (c != null) {
            c.await();
        }
    }

    /**
     * Publishes without waiting for the confirm: returns its {@link Confirmation} in confirm mode
     * (else null). Publish a batch this way, then {@link #awaitConfirms()}. Parks while the broker
     * has blocked the connection.
     *
     * @param mandatory return the message ({@link #onReturn}) if no queue takes it
     */
    public Confirmation publishAsync(String exchange, String routingKey, boolean mandatory, Properties properties,
            byte[] body) throws IOException {
        connection.awaitPublishable();
        checkOpen();
        Confirmation c = confirms.next();
        connection.send(FrameWriter.content(number, Method.of(MethodSpec.BASIC_PUBLISH, 0, exchange, routingKey,
                mandatory, false), properties, body, connection.frameMax()));
        return c;
    }

    /** Parks until every publish so far is confirmed; throws the first failure after all are settled. */
    public void awaitConfirms() throws IOException {
        confirms.awaitAll();
    }

    /** Publishes not yet confirmed. */
    public int unconfirmedCount() {
        return confirms.size();
    }

    // ---- consuming

    /**
     * Starts a consumer with manual acknowledgement: every message arrives in {@code target}'s
     * mailbox as a {@link Delivery.Message}; a {@link Delivery.Cancelled} ends the stream.
     *
     * @return the consumer tag
     */
    public String consume(String queue, ActorRef<? super Delivery> target) throws IOException {
        return consume(queue, target, false, false);
    }

    /** Starts a consumer; {@code autoAck} needs no acks, {@code exclusive} refuses other consumers of the queue. */
    public String consume(String queue, ActorRef<? super Delivery> target, boolean autoAck, boolean exclusive)
            throws IOException {
        return consume(queue, new Consumer() {
            @Override
            public void deliver(Delivery.Message m) {
                target.tell(m);
            }

            @Override
            public void ended(Delivery.Cancelled c) {
                target.tell(c);
            }
        }, autoAck, exclusive);
    }

    String consume(String queue, Consumer consumer, boolean autoAck, boolean exclusive) throws IOException {
        String tag = "shrapnel-" + CONSUMER_TAGS.incrementAndGet();
        consumers.put(tag, new ConsumerSpec(queue, consumer, autoAck, exclusive)); // deliveries may follow consume-ok at once
        try {
            rpc(Method.of(MethodSpec.BASIC_CONSUME, 0, queue, tag, false, autoAck, exclusive, false, Map.of()),
                    MethodSpec.BASIC_CONSUME_OK);
        } catch (IOException | RuntimeException | Error e) {
            consumers.remove(tag);
            throw e;
        }
        return tag;
    }

    /** Cancels a consumer; its actor gets a {@link Delivery.Cancelled} after the last message. */
    public void cancel(String consumerTag) throws IOException {
        rpc(Method.of(MethodSpec.BASIC_CANCEL, consumerTag, false), MethodSpec.BASIC_CANCEL_OK);
        ConsumerSpec c = consumers.remove(consumerTag);
        if (c != null) {
            c.sink().ended(new Delivery.Cancelled(consumerTag, false, null));
        }
    }

    /** Takes one message from a queue, or null if it is empty. */
    public Delivery.Message basicGet(String queue, boolean autoAck) throws IOException {
        Object r = call(Method.of(MethodSpec.BASIC_GET, 0, queue, autoAck), MethodSpec.BASIC_GET_OK,
                MethodSpec.BASIC_GET_EMPTY);
        return r instanceof Delivery.Message m ? m : null;
    }

    /** Acknowledges {@code deliveryTag} (and every earlier one with {@code multiple}). Any thread. */
    public void ack(long deliveryTag, boolean multiple) throws IOException {
        settle(deliveryTag, tag -> Method.of(MethodSpec.BASIC_ACK, tag, multiple));
    }

    /**
     * Sends an ack, nack or reject for {@code deliveryTag}, unless the tag belongs to a channel lost
     * before a recovery (its messages are redelivered anyway).
     */
    private void settle(long deliveryTag, java.util.function.LongFunction<Method> method) throws IOException {
        checkOpen();
        long tag = untagged(deliveryTag);
        if (tag >= 0) {
            connection.send(FrameWriter.method(number, method.apply(tag)));
        }
    }

    /** basic.nack. Any thread. */
    public void nack(long deliveryTag, boolean multiple, boolean requeue) throws IOException {
        settle(deliveryTag, tag -> Method.of(MethodSpec.BASIC_NACK, tag, multiple, requeue));
    }

    /** basic.reject. Any thread. */
    public void reject(long deliveryTag, boolean requeue) throws IOException {
        settle(deliveryTag, tag -> Method.of(MethodSpec.BASIC_REJECT, tag, requeue));
    }

    // ---- frames from the reader coro

    void onFrame(Frame f) throws IOException {
        ContentAssembler.Complete done = content.accept(f);
        if (done == null) {
            return;
        }
        if (done.method() != null && done.properties() == null) {
            onMethod(done.method());
        } else {
            onContent(done.method(), done.properties(), done.body());
        }
    }

    private void onMethod(Method m) throws IOException {
        if (pendingReply != null && expected.contains(m.spec())) {
            reply(m);
            return;
        }
        if (!abandoned.isEmpty() && abandoned.peek().contains(m.spec())) {
            abandoned.poll();
            return;
        }
        switch (m.spec()) {
            case CHANNEL_CLOSE -> {
                connection.send(FrameWriter.method(number, Method.of(MethodSpec.CHANNEL_CLOSE_OK)));
                connection.removeChannel(this);
                fail(new AmqpException(false, m.integer(0), m.str(1), m.integer(2), m.integer(3)));
            }
            case CHANNEL_FLOW -> connection.send(FrameWriter.method(number, Method.of(MethodSpec.CHANNEL_FLOW_OK, m.bit(0))));
            case BASIC_ACK -> confirms.settle(m.longValue(0), m.bit(1), true);
            case BASIC_NACK -> confirms.settle(m.longValue(0), m.bit(1), false);
            case BASIC_CANCEL -> {
                ConsumerSpec c = consumers.remove(m.str(0));
                if (c != null) {
                    c.sink().ended(new Delivery.Cancelled(m.str(0), true, null));
                }
                if (!m.bit(1)) {
                    connection.send(FrameWriter.method(number, Method.of(MethodSpec.BASIC_CANCEL_OK, m.str(0))));
                }
            }
            default -> throw new AmqpProtocolException(503, "unexpected method " + m.spec() + " on channel " + number);
        }
    }

    private void reply(Object r) {
        OneShot<Object> p = pendingReply;
        pendingReply = null;
        p.signal(r);
    }

    private void onContent(Method m, Properties props, byte[] body) throws IOException {
        switch (m.spec()) {
            case BASIC_DELIVER -> {
                String tag = m.str(0);
                ConsumerSpec c = consumers.get(tag);
                if (c != null) {
                    c.sink().deliver(new Delivery.Message(this, tag, tagged(m.longValue(1)), m.bit(2), m.str(3), m.str(4),
                            props, body));
                }
            }
            case BASIC_RETURN -> {
                ActorRef<? super Returned> r = returns;
                if (r != null) {
                    r.tell(new Returned(m.integer(0), m.str(1), m.str(2), m.str(3), props, body));
                }
            }
            case BASIC_GET_OK -> {
                if (pendingReply == null || !expected.contains(MethodSpec.BASIC_GET_OK)) {
                    throw new AmqpProtocolException(503, "basic.get-ok on channel " + number + " that asked for nothing");
                }
                reply(new Delivery.Message(this, "", tagged(m.longValue(0)), m.bit(1), m.str(2), m.str(3), props, body));
            }
            default -> throw new AmqpProtocolException(503, "unexpected content method " + m.spec() + " on channel " + number);
        }
    }

    /** The channel is gone (closed by either side, or its connection): fail every waiter and end every consumer. */
    void fail(IOException reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        failInFlight(reason);
        List<Map.Entry<String, ConsumerSpec>> ended = new ArrayList<>(consumers.entrySet());
        consumers.clear();
        for (Map.Entry<String, ConsumerSpec> e : ended) {
            e.getValue().sink().ended(new Delivery.Cancelled(e.getKey(), false, reason));
        }
    }

    /** Fails the pending request and every unconfirmed publish. */
    private void failInFlight(IOException reason) {
        if (pendingReply != null) {
            reply(reason);
        }
        abandoned.clear();
        confirms.failAll(reason);
    }

    /** The connection was lost and will be recovered: what was in flight fails, consumers stay. */
    void interrupted(IOException reason) {
        if (closeReason != null) {
            return;
        }
        failInFlight(reason);
        content = new ContentAssembler(number, connection.config().maxMessageSize());
        epoch = (epoch + 1) & 0xFFFF;
    }

    /** On the recovered connection: channel.open, then prefetch and confirm mode as they were. */
    void reopen() throws IOException {
        open();
        if (prefetch != null) {
            basicQos(prefetch);
        }
        if (confirms.enabled()) {
            rpc(Method.of(MethodSpec.CONFIRM_SELECT, false), MethodSpec.CONFIRM_SELECT_OK);
        }
    }

    /** Starts the consumers again with their tags, following queues the broker renamed. */
    void reconsume(Map<String, String> renames) throws IOException {
        for (Map.Entry<String, ConsumerSpec> e : new ArrayList<>(consumers.entrySet())) {
            ConsumerSpec c = e.getValue();
            String queue = renames.getOrDefault(c.queue(), c.queue());
            consumers.put(e.getKey(), new ConsumerSpec(queue, c.sink(), c.autoAck(), c.exclusive()));
            rpc(Method.of(MethodSpec.BASIC_CONSUME, 0, queue, e.getKey(), false, c.autoAck(), c.exclusive(), false,
                    Map.of()), MethodSpec.BASIC_CONSUME_OK);
        }
    }

    /** A delivery tag as handed to users: the broker's, marked with the current epoch. */
    private long tagged(long brokerTag) {
        return (long) epoch << EPOCH_SHIFT | brokerTag;
    }

    /** The broker's tag for {@code userTag}, or -1 if it belongs to a channel lost before a recovery. */
    private long untagged(long userTag) {
        return userTag >>> EPOCH_SHIFT == epoch ? userTag & TAG_MASK : -1;
    }

    /** Closes the channel (channel.close, then close-ok). Idempotent. */
    @Override
    public void close() throws IOException {
        if (closeReason != null) {
            return;
        }
        if (connection.isOpen() && !connection.isRecovering()) {
            rpc(Method.of(MethodSpec.CHANNEL_CLOSE, 200, "OK", 0, 0), MethodSpec.CHANNEL_CLOSE_OK);
        }
        connection.removeChannel(this);
        fail(new AmqpException(false, 200, "channel closed by the application", 0, 0));
    }

    @Override
    public String toString() {
        return "AmqpChannel[" + number + (closeReason == null ? "" : ", closed") + "]";
    }
}
