package io.shrapnel.mailbox;

import java.time.Duration;

/**
 * An {@link ActorRef#ask ask} got no reply in time. The message names the actor and the request, so
 * a log line says who did not answer what.
 */
public final class AskTimeoutException extends RuntimeException {
    private final transient ActorRef<?> actor;
    private final transient Object request;
    private final Duration timeout;

    public AskTimeoutException(ActorRef<?> actor, Object request, Duration timeout) {
        super(actor + " did not answer " + request + " within " + format(timeout)
                + (actor.isAlive() ? "" : " (it has exited)"));
        this.actor = actor;
        this.request = request;
        this.timeout = timeout;
    }

    public ActorRef<?> actor() {
        return actor;
    }

    public Object request() {
        return request;
    }

    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
