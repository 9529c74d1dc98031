package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.AskTimeoutException;
import io.shrapnel.mailbox.DeadLetter.Cause;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The temporary reply address of one {@link ActorRef#ask ask}: takes the first reply; later ones,
 * and any after the ask gave up, become dead letters ({@link Cause#LATE_REPLY}).
 *
 * <h2>The word ({@code state})</h2>
 * <pre>
 *   null            no reply yet, the asker not yet waiting
 *   Waiter/Thread   the asker (a coro / a platform thread) waits
 *   Answer          replied: final
 *   EXPIRED         the asker gave up (timeout, interrupt): final
 * </pre>
 * The replier CASes in the Answer and wakes whoever it replaced; the asker CASes in its waiter and
 * parks, or finds the Answer already there. Linearization point of the reply: that CAS.
 *
 * <p>Threading: any thread may reply; the asker is the one coro or thread that called ask.
 */
public final class ReplyRef implements ActorRef<Object> {
    private static final Object EXPIRED = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ReplyRef.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Answer(Object value) {}

    private final ActorRef<?> target;
    private Object request;
    private volatile Object state;

    private ReplyRef(ActorRef<?> target) {
        this.target = target;
    }

    @SuppressWarnings("unchecked")
    public static <M, R> R ask(ActorRef<M> target, Function<? super ActorRef<R>, ? extends M> makeRequest,
                               Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        ReplyRef reply = new ReplyRef(target);
        M request = makeRequest.apply((ActorRef<R>) (ActorRef<?>) reply);
        reply.request = request;
        target.tell(request);
        Coro c = Coro.current();
        boolean answered = c != null ? reply.awaitInCoro(c.scheduler(), timeout) : reply.awaitInThread(timeout);
        if (!answered) {
            throw new AskTimeoutException(target, request, timeout);
        }
        return (R) ((Answer) reply.state).value;
    }

    private boolean awaitInCoro(Scheduler scheduler, Duration timeout) {
        Waiter w = Waiter.begin(this);
        Scheduler.Cancellable timer = null;
        if (!STATE.compareAndSet(this, null, w)) {
            w.wake(null); // answered before we waited
        } else {
            timer = scheduler.schedule(timeout, () -> {
                if (STATE.compareAndSet(this, w, EXPIRED)) {
                    w.wake(null);
                }
            });
        }
        try {
            w.await();
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            STATE.compareAndSet(this, w, EXPIRED); // interrupted: a later reply is a dead letter
        }
        return state instanceof Answer;
    }

    private boolean awaitInThread(Duration timeout) {
        Thread me = Thread.currentThread();
        if (!STATE.compareAndSet(this, null, me)) {
            return true;
        }
        long deadline = System.nanoTime() + Mailbox.nanos(timeout);
        boolean interrupted = false;
        try {
            while (state == me) {
                long left = deadline - System.nanoTime();
                if (Thread.interrupted()) {
                    interrupted = true;
                    left = 0;
                }
                if (left <= 0) {
                    STATE.compareAndSet(this, me, EXPIRED);
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
        return state instanceof Answer;
    }

    private boolean complete(Object reply) {
        Objects.requireNonNull(reply, "reply");
        Answer a = new Answer(reply);
        while (true) {
            Object s = state;
            if (s instanceof Answer || s == EXPIRED) {
                return false;
            }
            if (STATE.compareAndSet(this, s, a)) {
                if (s instanceof Waiter w) {
                    w.wakeFromAnyThread(null);
                } else if (s instanceof Thread t) {
                    LockSupport.unpark(t);
                }
                return true;
            }
        }
    }

    @Override
    public void tell(Object reply) {
        if (!complete(reply)) {
            DeadLetterOffice.post(this, reply, Cause.LATE_REPLY);
        }
    }

    @Override
    public boolean offer(Object reply) {
        if (complete(reply)) {
            return true;
        }
        DeadLetterOffice.post(this, reply, Cause.LATE_REPLY);
        return false;
    }

    @Override
    public boolean offer(Object reply, Duration timeout) {
        return offer(reply);
    }

    @Override
    public String name() {
        return "reply-to-" + target.name();
    }

    @Override
    public boolean isAlive() {
        Object s = state;
        return !(s instanceof Answer) && s != EXPIRED;
    }

    @Override
    public String toString() {
        // Not the request: it usually holds this address, and would print it again.
        return "<reply address for an ask of " + target + ">";
    }
}
