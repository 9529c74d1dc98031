package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.internal.wire.Envelope;
import io.shrapnel.rpc.internal.wire.Envelopes;
import io.shrapnel.rpc.internal.wire.Event;
import io.shrapnel.rpc.internal.wire.LookupReply;
import io.shrapnel.rpc.internal.wire.LookupRequest;
import io.shrapnel.rpc.internal.wire.RemoteActors;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The serving end of remote actor refs: for each node that links to this one, a {@code Link} call
 * whose coro delivers the node's tells and asks to the actors registered here, in the order sent,
 * and a watcher actor that turns their exits into DOWN events for the node's monitors.
 *
 * <p>Threading: each link's coros run on the server's loop; replies and DOWNs may come from any
 * thread and are posted to it.
 */
final class ActorLinkService extends RemoteActors.Service {
    private final Serialisers serialisers;

    ActorLinkService(Serialisers serialisers) {
        this.serialisers = serialisers;
    }

    private record Watch(long id, ActorRef<?> target) {}

    private record Unwatch(long id) {}

    private record Forward(long id, Down down) {}

    private static final Object STOP = new Object();

    @Override
    public LookupReply lookup(LookupRequest request) {
        return LookupReply.newBuilder().setFound(Registry.whereis(request.getName()).isPresent()).build();
    }

    @Override
    public void link(Requests<Envelopes> requests, StreamSender<Event> responses) throws Exception {
        Scheduler loop = Coro.current().scheduler();
        Fifo<Object> events = new Fifo<>();
        Coro sender = Coro.spawn("rpc-actor-events", () -> {
            try {
                for (Object e; (e = events.pop()) != STOP; ) {
                    responses.send((Event) e);
                }
            } catch (RpcException | Interrupted gone) {
                // the link is down: nobody to tell
            }
        });
        ActorRef<Object> watcher = Actors.spawn("rpc-actor-watcher", (Inbox<Object> in) -> watch(in, events));
        try {
            for (Envelopes batch; (batch = requests.receive()) != null; ) {
                // a batch is mostly for one actor, of one type: the names are compared as bytes,
                // decoded and looked up when they change
                ByteString name = null;
                ByteString type = null;
                ActorRef<Object> target = null;
                Serialisers.Serialiser<?> serialiser = null;
                for (Envelope env : batch.getEnvelopesList()) {
                    if (!env.getToBytes().equals(name)) {
                        name = env.getToBytes();
                        target = Registry.<Object>whereis(env.getTo()).orElse(null);
                    }
                    if (!env.getTypeBytes().equals(type)) {
                        type = env.getTypeBytes();
                        serialiser = serialisers.forName(env.getType());
                    }
                    deliver(env, target, serialiser, loop, events, watcher);
                }
            }
        } finally {
            watcher.tell(STOP);
            events.push(STOP);
            if (!sender.isDead()) {
                Coro.withTimeout(Duration.ofSeconds(1), sender::join);
            }
        }
    }

    private static void watch(Inbox<Object> in, Fifo<Object> events) {
        Map<Long, Monitor> monitors = new HashMap<>();
        for (Object m; (m = in.receive()) != STOP; ) {
            switch (m) {
                case Watch w -> monitors.put(w.id(), in.monitor(w.target(), d -> new Forward(w.id(), d)));
                case Unwatch u -> {
                    Monitor mon = monitors.remove(u.id());
                    if (mon != null) {
                        mon.cancel();
                    }
                }
                case Forward f -> {
                    if (monitors.remove(f.id()) != null) {
                        events.push(Event.newBuilder().setKind(Event.Kind.DOWN).setId(f.id())
                                .setReason(f.down().isNormal() ? "" : String.valueOf(f.down().reason())).build());
                    }
                }
                default -> { }
            }
        }
        monitors.values().forEach(Monitor::cancel);
    }

    private void deliver(Envelope env, ActorRef<Object> target, Serialisers.Serialiser<?> serialiser,
                         Scheduler loop, Fifo<Object> events, ActorRef<Object> watcher) {
        switch (env.getKind()) {
            case MONITOR -> {
                if (target == null) {
                    events.push(Event.newBuilder().setKind(Event.Kind.DOWN).setId(env.getId())
                            .setReason("no actor registered as " + env.getTo()).build());
                } else {
                    watcher.tell(new Watch(env.getId(), target));
                }
            }
            case DEMONITOR -> watcher.tell(new Unwatch(env.getId()));
            case TELL, ASK -> {
                Object message = decode(serialiser, env.getPayload());
                if (target == null || message == null) {
                    return; // like a tell to a dead actor: dropped
                }
                if (env.getKind() == Envelope.Kind.ASK) {
                    target.tell(new RemoteAsk<>(message, new ReplyToNode(env.getId(), loop, events)));
                } else {
                    target.tell(message);
                }
            }
            default -> { }
        }
    }

    private static Object decode(Serialisers.Serialiser<?> s, ByteString payload) {
        if (s == null) {
            return null;
        }
        try {
            return s.decode(payload.toByteArray());
        } catch (java.io.IOException malformed) {
            return null;
        }
    }

    /** The reply address of a remote ask: the reply goes back over the link as a REPLY event. */
    private final class ReplyToNode implements ActorRef<Object> {
        private final long id;
        private final Scheduler loop;
        private final Fifo<Object> events;
        private volatile boolean used;

        ReplyToNode(long id, Scheduler loop, Fifo<Object> events) {
            this.id = id;
            this.loop = loop;
            this.events = events;
        }

        @Override
        public void tell(Object message) {
            if (used) {
                return;
            }
            used = true;
            Serialisers.Serialiser<Object> s = serialisers.forMessage(message);
            Event e = Event.newBuilder().setKind(Event.Kind.REPLY).setId(id).setType(s.typeName())
                    .setPayload(UnsafeByteOperations.unsafeWrap(s.encode(message))).build();
            if (loop.inLoop()) {
                events.push(e);
            } else {
                loop.post(() -> events.push(e));
            }
        }

        @Override
        public boolean offer(Object message) {
            tell(message);
            return true;
        }

        @Override
        public boolean offer(Object message, Duration timeout) {
            return offer(message);
        }

        @Override
        public String name() {
            return "reply to remote ask " + id;
        }

        @Override
        public boolean isAlive() {
            return !used;
        }
    }
}
