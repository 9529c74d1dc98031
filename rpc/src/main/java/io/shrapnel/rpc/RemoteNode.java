package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.rpc.internal.wire.Envelope;
import io.shrapnel.rpc.internal.wire.Event;
import io.shrapnel.rpc.internal.wire.LookupRequest;
import io.shrapnel.rpc.internal.wire.RemoteActors;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * This node's link to another one: refs to the actors registered there ({@link #ref}), and
 * monitors on them ({@link #monitor}). Everything this node sends there travels in one stream, so
 * messages from one sender to one receiver keep their order; the writer coro batches them into as
 * few socket writes as it can. When the connection dies or its heartbeats stop, every monitor gets
 * a {@link Down} whose reason is {@link NodeLost}.
 *
 * <p>Threading: {@link #ref} (a network round trip) from a coro of the node's loop; tells, asks
 * and monitors from any thread.
 */
public final class RemoteNode implements AutoCloseable {
    private record Watched(ActorRef<?> remote, ActorRef<Object> watcher, Function<Down, ?> onDown) {}

    private static final Envelope STOP = Envelope.getDefaultInstance();

    private final String name;
    private final Channel channel;
    private final Serialisers serialisers;
    private final Scheduler loop;
    private final Call<Envelope, Event> link;
    private final Fifo<Envelope> outbox = new Fifo<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ActorRef<Object>> asks = new ConcurrentHashMap<>();
    private final Map<Long, Watched> monitors = new ConcurrentHashMap<>();
    private volatile NodeLost lost;

    RemoteNode(String name, Channel channel, Serialisers serialisers) throws RpcException {
        this.name = name;
        this.channel = channel;
        this.serialisers = serialisers;
        this.loop = Coro.current().scheduler();
        this.link = RemoteActors.client(channel).link();
        loop.spawn("rpc-actor-sender " + name, this::sendLoop);
        loop.spawn("rpc-actor-receiver " + name, this::receiveLoop);
    }

    /** The node's address, "host:port". */
    public String name() {
        return name;
    }

    /** True until the link is lost or closed. */
    public boolean isUp() {
        return lost == null;
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
        NodeLost already = lost;
        if (already != null) {
            fire(id, already);
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
    void send(String actorName, Object message) {
        Envelope.Builder env = Envelope.newBuilder().setTo(actorName);
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
        enqueue(env.setType(s.typeName()).setPayload(ByteString.copyFrom(s.encode(payload))).build());
    }

    private void enqueue(Envelope env) {
        if (loop.inLoop()) {
            outbox.push(env);
        } else {
            loop.post(() -> outbox.push(env));
        }
    }

    private void sendLoop() {
        try {
            for (Envelope env; (env = outbox.pop()) != STOP; ) {
                link.send(env);
            }
            link.halfClose();
        } catch (RpcException | Interrupted e) {
            // the receiver reports the loss
        }
    }

    private void receiveLoop() {
        String why = "link closed";
        try {
            for (Event e; (e = link.receive()) != null; ) {
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
        nodeLost(why);
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

    private void nodeLost(String why) {
        lost = new NodeLost(name, why);
        for (Long id : new ArrayList<>(monitors.keySet())) {
            fire(id, lost);
        }
        asks.clear();
        outbox.push(STOP);
    }

    private void fire(long id, NodeLost reason) {
        Watched w = monitors.remove(id);
        if (w != null) {
            w.watcher().tell(w.onDown().apply(new Down(w.remote(), reason)));
        }
    }

    /** Closes the link: monitors get DOWN with {@link NodeLost}. From a coro of the node's loop. */
    @Override
    public void close() {
        link.close();
        channel.close();
    }

    @Override
    public String toString() {
        return "RemoteNode(" + name + (lost == null ? "" : ", lost") + ")";
    }
}
