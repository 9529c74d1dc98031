package io.shrapnel.mailbox;

import java.util.Objects;

/**
 * How big an actor's mailbox may grow and what happens when it is full.
 *
 * @param capacity the most messages waiting at once, or 0 for unbounded. Messages that a selective
 *     receive passed over are no longer in the mailbox proper and do not count.
 * @param overflow what {@code tell} does when a bounded mailbox is full
 */
public record MailboxConfig(int capacity, Overflow overflow) {
    private static final MailboxConfig UNBOUNDED = new MailboxConfig(0, Overflow.PARK_SENDER);

    public MailboxConfig {
        if (capacity < 0 || capacity > 1 << 28) {
            throw new IllegalArgumentException("mailbox capacity must be 1..2^28, or 0 for unbounded; not " + capacity);
        }
        Objects.requireNonNull(overflow, "overflow");
    }

    /** An unbounded mailbox (the default): {@code tell} always succeeds while the actor lives. */
    public static MailboxConfig unbounded() {
        return UNBOUNDED;
    }

    /** At most {@code capacity} waiting messages; a coro sending to a full mailbox parks. */
    public static MailboxConfig bounded(int capacity) {
        return bounded(capacity, Overflow.PARK_SENDER);
    }

    public static MailboxConfig bounded(int capacity, Overflow overflow) {
        if (capacity == 0) {
            throw new IllegalArgumentException("a bounded mailbox needs a capacity of at least 1; use unbounded()");
        }
        return new MailboxConfig(capacity, overflow);
    }

    public boolean isBounded() {
        return capacity > 0;
    }
}
