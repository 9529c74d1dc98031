package io.shrapnel.mailbox.internal;

import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.DeadLetter;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where undeliverable messages go: counted (in total, per loop, per mailbox) and published to
 * subscribers. A dead letter about a dead letter is counted but not published again, and a
 * subscriber that has exited is dropped, so publishing can never loop.
 *
 * <p>Threading: any thread; the count is a {@link LongAdder}, the subscribers a copy-on-write list.
 */
public final class DeadLetterOffice {
    private static final LongAdder TOTAL = new LongAdder();
    private static final CopyOnWriteArrayList<ActorRef<? super DeadLetter>> SUBSCRIBERS = new CopyOnWriteArrayList<>();

    private DeadLetterOffice() {}

    public static void post(ActorRef<?> recipient, Object message, DeadLetter.Cause cause) {
        TOTAL.increment();
        if (recipient instanceof Mailbox m) {
            m.countDeadLetter();
        }
        if (SUBSCRIBERS.isEmpty() || message instanceof DeadLetter) {
            return;
        }
        DeadLetter letter = new DeadLetter(recipient, message, cause);
        for (ActorRef<? super DeadLetter> s : SUBSCRIBERS) {
            if (s instanceof Mailbox m) {
                if (!m.offerSystem(letter) && !m.isAlive()) {
                    SUBSCRIBERS.remove(s);
                }
            } else {
                s.offer(letter);
            }
        }
    }

    public static long count() {
        return TOTAL.sum();
    }

    public static void subscribe(ActorRef<? super DeadLetter> subscriber) {
        SUBSCRIBERS.addIfAbsent(subscriber);
    }

    public static boolean unsubscribe(ActorRef<? super DeadLetter> subscriber) {
        return SUBSCRIBERS.remove(subscriber);
    }
}
