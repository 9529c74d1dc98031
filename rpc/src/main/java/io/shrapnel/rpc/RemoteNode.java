package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.rpc.internal.wire.Envelope;
import io.shrapnel.rpc.internal.wire.Envelopes;
import io.shrapnel.rpc.internal.wire.Event;
import io.shrapnel.rpc.internal.wire.LookupRequest;
import io.shrapnel.rpc.internal.wire.RemoteActors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * This node's link to another one: refs to the actors registered there ({@link #ref}), and
 * monitors on them ({@link #monitor}). Everything this node sends there travels in one stream, so
 * messages from one sender to one receiver keep their order; the writer coro batches them into as
 * few socket writes as it can: what is queued when it wakes goes out as one message (one frame)
 * per 256 KiB.
 *
 * <p>When the connection dies, its heartbeats stop, or someone who knows better (cluster
 * membership) calls {@link #declareLost}, every monitor gets a {@link Down} whose reason is
 * {@link NodeLost} and every pending {@code ask} through a ref of this node fails with an
 * {@link UncheckedRpcException} (UNAVAILABLE, "node lost: ..."). The next use (a tell, an ask, a
 * monitor) links again, over the channel's reconnecting connection: while the channel backs off
 * (100 ms doubling to 10 s) those uses fail at once the same way (tells are dropped). Only
 * {@link #close} is final.
 *
 * <p>Threading: {@link #ref} (a network round trip) and {@link #close} from a coro of the node's
 * loop; tells, asks, monitors and {@link #declareLost} from any thread. The link itself is touched
 * on the loop only.
 */
public final class RemoteNode implements AutoCloseable {
    private record Watched(ActorRef<?> remote, ActorRef<Object> watcher, Function<Down, ?> onDown) {}

    /** What a pending ask's reply address gets when the node is lost; {@link RemoteRef#ask} throws it. */
    record AskFailed(RpcException why) {}

    private static final Envelope STOP = Envelope.getDefaultInstance();
    /** Envelopes are cut into messages of about this many bytes (far below the 4 MiB maximum). */
    static final int BATCH_BYTES = 256 << 10;

    private final String name;
    private final Channel channel;
    private final Serialisers serialisers;
    private final Scheduler loop;
    private final Fifo<Envelope> outbox = new Fifo<>();
    private final ConcurrentLinkedQueue<Envelope> fromOtherThreads = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainPosted = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ActorRef<Object>> asks = new ConcurrentHashMap<>();
    private final Map<Long, Watched> monitors = new ConcurrentHashMap<>();
    private Call<Envelopes, Event> link; // loop only; null while unlinked
    private volatile NodeLost lost;
    private volatile boolean closed;

    RemoteNode(String name, Channel channel, Serialisers serialisers) throws RpcException {
        this.name = name;
        this.channel = channel;
        this.serialisers = serialisers;
        this.loop = Coro.current().scheduler();
        relink();
        loop.spawn("rpc-actor-sender " + name, this::sendLoop);
    }

    /** The node's address, "host:port". */
    public String name() {
        return name;
    }

    /** True while linked: false after a loss (until the next use links again) and after {@link #close}. */
    public boolean isUp() {
        return lost == null && !closed;
    }

    /** True after {@link #close}. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Declares the node lost for a reason learnt elsewhere (cluster membership saw it DOWN): every
     * monitor gets a {@link Down} with {@link NodeLost} ("node lost: host:port (reason)"), every
     * pending ask fails with UNAVAILABLE and that text, and the current link is closed. Like a
     * dropped connection, the next use links again. Any thread; idempotent while unlinked (monitors
     * and asks made since are failed too).
     */
    public void declareLost(String reason) {
        onLoop(() -> {
            Call<Envelopes, Event> was = link;
            link = null;
            lose(reason);
            if (was != null) {
                was.close();
            }
        });
    }

    /**
     * A ref to the actor registered as {@code actorName} on that node.
     *
     * @throws RpcException NOT_FOUND if no actor is registered under that name there
     */
    public <M> ActorRef<M> ref(String actorName) throws RpcException {
        boolean found = RemoteActors.client(channel).lookup(LookupRequest.newBuilder().setName(actorName).build())
                .getFound();
        if (!found) {
            throw new RpcException(StatusCode.NOT_FOUND, "no actor registered as " + actorName + " on " + name);
        }
        return new RemoteRef<>(this, actorName);
    }

    /**
     * Watches {@code remote} (a ref from {@link #ref}): when it exits, or this node loses the link,
     * {@code watcher} is told {@code onDown.apply(down)}.
     */
    public <T> Monitor monitor(ActorRef<?> remote, ActorRef<T> watcher, Function<Down, ? extends T> onDown) {
        if (!(remote instanceof RemoteRef<?> r) || r.node != this) {
            throw new IllegalArgumentException(remote + " is not a ref on " + name);
        }
        long id = ids.incrementAndGet();
        @SuppressWarnings("unchecked")
        ActorRef<Object> w = (ActorRef<Object>) watcher;
        monitors.put(id, new Watched(remote, w, onDown));
        if (closed) {
            fire(id, new NodeLost(name, "closed"));
        } else {
            enqueue(Envelope.newBuilder().setKind(Envelope.Kind.MONITOR).setTo(r.actorName).setId(id).build());
        }
        return new Monitor() {
            @Override
            public ActorRef<?> target() {
                return remote;
            }

            @Override
            public boolean cancel() {
                boolean was = monitors.remove(id) != null;
                if (was) {
                    enqueue(Envelope.newBuilder().setKind(Envelope.Kind.DEMONITOR).setTo(r.actorName).setId(id).build());
                }
                return was;
            }
        };
    }

    /** Sends a message (or a {@link RemoteAsk}) to {@code actorName} there. Any thread. */
    void send(ByteString actorName, Object message) {
        if (closed) {
            return; // like a tell to an actor that has exited
        }
        Envelope.Builder env = Envelope.newBuilder().setToBytes(actorName);
        Object payload = message;
        if (message instanceof RemoteAsk<?> ask) {
            long id = ids.incrementAndGet();
            if (asks.size() > 1024) {
                asks.values().removeIf(ref -> !ref.isAlive()); // asks that timed out
            }
            @SuppressWarnings("unchecked")
            ActorRef<Object> replyTo = (ActorRef<Object>) ask.replyTo();
            asks.put(id, replyTo);
            env.setKind(Envelope.Kind.ASK).setId(id);
            payload = ask.request();
        }
        Serialisers.Serialiser<Object> s = serialisers.forMessage(payload);
        // the serialiser's array is ours alone: wrapped, not copied
        enqueue(env.setTypeBytes(serialisers.typeNameBytes(s)).setPayload(UnsafeByteOperations.unsafeWrap(s.encode(payload))).build());
    }

    /**
     * Queues for the sender coro. From another thread the envelope goes through a concurrent queue
     * and one posted task drains all that came meanwhile (no post per message).
     */
    private void enqueue(Envelope env) {
        if (loop.inLoop()) {
            outbox.push(env);
        } else {
            fromOtherThreads.add(env);
            if (drainPosted.compareAndSet(false, true)) {
                loop.post(this::drainOtherThreads);
            }
        }
    }

    private void drainOtherThreads() {
        drainPosted.set(false);
        for (Envelope env; (env = fromOtherThreads.poll()) != null; ) {
            outbox.push(env);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.post(task);
        }
    }

    /** Opens a new link (the channel reconnects if its connection is gone) and its receiver. On the loop. */
    private void relink() throws RpcException {
        Call<Envelopes, Event> opened = RemoteActors.client(channel).link();
        link = opened;
        lost = null;
        loop.spawn("rpc-actor-receiver " + name, () -> receiveLoop(opened));
    }

    private void sendLoop() {
        try {
            while (true) {
                List<Envelope> batch = outbox.popAll();
                int stop = indexOfStop(batch);
                if (stop >= 0) {
                    failBatch(batch.subList(0, stop), new RpcException(StatusCode.UNAVAILABLE, "node link closed"));
                    return;
                }
                try {
                    if (link == null) {
                        relink();
                    }
                    sendBatch(link, batch);
                } catch (RpcException e) {
                    failBatch(batch, e);
                }
            }
        } catch (Interrupted e) {
            // the loop shuts down
        }
    }

    private static int indexOfStop(List<Envelope> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == STOP) {
                return i;
            }
        }
        return -1;
    }

    /** Everything queued, as few messages as {@link #BATCH_BYTES} allows (one frame and one credit each). */
    private static void sendBatch(Call<Envelopes, Event> to, List<Envelope> batch) throws RpcException {
        Envelopes.Builder message = Envelopes.newBuilder();
        int bytes = 0;
        for (Envelope env : batch) {
            message.addEnvelopes(env);
            bytes += env.getSerializedSize();
            if (bytes >= BATCH_BYTES) {
                to.send(message.build());
                message = Envelopes.newBuilder();
                bytes = 0;
            }
        }
        if (message.getEnvelopesCount() > 0) {
            to.send(message.build());
        }
    }

    /** Envelopes that could not be sent: their asks and monitors fail now (tells are dropped). */
    private void failBatch(List<Envelope> batch, RpcException why) {
        NodeLost reason = new NodeLost(name, why.getMessage());
        for (Envelope env : batch) {
            switch (env.getKind()) {
                case ASK -> failAsk(env.getId(), reason);
                case MONITOR -> fire(env.getId(), reason);
                default -> { }
            }
        }
    }

    private void receiveLoop(Call<Envelopes, Event> from) {
        String why = "link closed";
        try {
            for (Event e; (e = from.receive()) != null; ) {
                switch (e.getKind()) {
                    case REPLY -> reply(e);
                    case DOWN -> {
                        Watched w = monitors.remove(e.getId());
                        if (w != null) {
                            w.watcher().tell(w.onDown().apply(new Down(w.remote(),
                                    e.getReason().isEmpty() ? null : new RemoteExit(e.getReason()))));
                        }
                    }
                    default -> { }
                }
            }
        } catch (RpcException e) {
            why = e.getMessage();
        } catch (Interrupted e) {
            why = "closed";
        }
        if (from == link) { // not already replaced by declareLost or close
            link = null;
            lose(why);
        }
    }

    private void reply(Event e) {
        ActorRef<Object> replyTo = asks.remove(e.getId());
        Serialisers.Serialiser<?> s = serialisers.forName(e.getType());
        if (replyTo == null || s == null) {
            return;
        }
        try {
            replyTo.tell(s.decode(e.getPayload().toByteArray()));
        } catch (java.io.IOException malformed) {
            // a reply we cannot read is as good as none: the ask times out
        }
    }

    /** The link is gone: monitors see DOWN with NodeLost, pending asks fail. */
    private void lose(String why) {
        NodeLost reason = new NodeLost(name, why);
        lost = reason;
        for (Long id : new ArrayList<>(monitors.keySet())) {
            fire(id, reason);
        }
        for (Long id : new ArrayList<>(asks.keySet())) {
            failAsk(id, reason);
        }
    }

    private void failAsk(long id, NodeLost reason) {
        ActorRef<Object> replyTo = asks.remove(id);
        if (replyTo != null) {
            replyTo.tell(new AskFailed(new RpcException(StatusCode.UNAVAILABLE, reason.getMessage(), reason)));
        }
    }

    private void fire(long id, NodeLost reason) {
        Watched w = monitors.remove(id);
        if (w != null) {
            w.watcher().tell(w.onDown().apply(new Down(w.remote(), reason)));
        }
    }

    /** Closes the link for good: monitors get DOWN with {@link NodeLost}. From a coro of the node's loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Call<Envelopes, Event> was = link;
        link = null;
        lose("closed");
        outbox.push(STOP);
        if (was != null) {
            was.close();
        }
        channel.close();
    }

    @Override
    public String toString() {
        return "RemoteNode(" + name + (closed ? ", closed" : lost == null ? "" : ", lost") + ")";
    }
}
