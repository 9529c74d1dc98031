package io.shrapnel.rpc;

import io.shrapnel.mailbox.ActorRef;

/**
 * A request that came from (or goes to) another node and wants a reply. An actor that answers
 * remote asks accepts {@code RemoteAsk} messages and tells the reply to {@link #replyTo()}:
 *
 * <pre>{@code
 * HelloReply r = remote.ask(replyTo -> new RemoteAsk<>(request, replyTo), Duration.ofSeconds(1));
 * // on the other node:
 * case RemoteAsk<?> a -> a.reply(answer((HelloRequest) a.request()));
 * }</pre>
 */
public record RemoteAsk<Q>(Q request, ActorRef<?> replyTo) {
    /** Tells {@code answer} to {@link #replyTo()} (the asker's reply type is the asker's word). */
    @SuppressWarnings("unchecked")
    public void reply(Object answer) {
        ((ActorRef<Object>) replyTo).tell(answer);
    }
}
