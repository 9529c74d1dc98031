package io.shrapnel.rpc;

import com.google.protobuf.ByteString;
import io.shrapnel.mailbox.ActorRef;
import java.time.Duration;
import java.util.function.Function;

/**
 * A ref to an actor on another node: {@code tell} serialises the message and queues it on the
 * node's link (never blocking); a {@link RemoteAsk} (what {@code ask(replyTo -> new RemoteAsk<>(req,
 * replyTo), timeout)} sends) comes back as the reply. Any thread. {@link #isAlive} is the node link's
 * {@link RemoteNode#isUp}: whether the actor itself still runs is for a monitor to tell.
 */
final class RemoteRef<M> implements ActorRef<M> {
    final RemoteNode node;
    final String actorName;
    /** The name as the envelope carries it, encoded once instead of on every tell. */
    final ByteString actorNameBytes;

    RemoteRef(RemoteNode node, String actorName) {
        this.node = node;
        this.actorName = actorName;
        this.actorNameBytes = ByteString.copyFromUtf8(actorName);
    }

    @Override
    public void tell(M message) {
        node.send(actorNameBytes, message);
    }

    /**
     * As {@link ActorRef#ask}, but an ask pending when the node is lost fails at once with an
     * {@link UncheckedRpcException} (UNAVAILABLE, "node lost: ...") instead of waiting out its timeout.
     */
    @Override
    public <R> R ask(Function<? super ActorRef<R>, ? extends M> request, Duration timeout) {
        R reply = ActorRef.super.ask(request, timeout);
        if (reply instanceof RemoteNode.AskFailed failed) {
            throw new UncheckedRpcException(failed.why());
        }
        return reply;
    }

    /** False once the node link is closed; a lost link is made again by this send. */
    @Override
    public boolean offer(M message) {
        if (node.isClosed()) {
            return false;
        }
        tell(message);
        return true;
    }

    @Override
    public boolean offer(M message, Duration timeout) {
        return offer(message);
    }

    @Override
    public String name() {
        return actorName + "@" + node.name();
    }

    @Override
    public boolean isAlive() {
        return node.isUp();
    }

    @Override
    public String toString() {
        return "RemoteRef(" + name() + ")";
    }
}
