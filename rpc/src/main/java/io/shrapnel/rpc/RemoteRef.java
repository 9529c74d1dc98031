package io.shrapnel.rpc;

import io.shrapnel.mailbox.ActorRef;
import java.time.Duration;

/**
 * A ref to an actor on another node: {@code tell} serialises the message and queues it on the
 * node's link (never blocking); a {@link RemoteAsk} (what {@code ask(replyTo -> new RemoteAsk<>(req,
 * replyTo), timeout)} sends) comes back as the reply. Any thread.
 */
final class RemoteRef<M> implements ActorRef<M> {
    final RemoteNode node;
    final String actorName;

    RemoteRef(RemoteNode node, String actorName) {
        this.node = node;
        this.actorName = actorName;
    }

    @Override
    public void tell(M message) {
        node.send(actorName, message);
    }

    @Override
    public boolean offer(M message) {
        if (!node.isUp()) {
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
