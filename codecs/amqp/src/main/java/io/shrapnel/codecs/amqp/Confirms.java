package io.shrapnel.codecs.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.TreeMap;

/**
 * Publisher confirms of one channel: after confirm.select every publish gets the next sequence
 * number (from 1) and a {@link Confirmation}, settled by the broker's basic.ack / basic.nack (one,
 * or every one up to a tag with {@code multiple}), or failed when the channel goes away.
 *
 * <p>Threading: the connection's loop.
 */
final class Confirms {
    private final TreeMap<Long, Confirmation> unconfirmed = new TreeMap<>();
    private boolean enabled;
    private long nextSequence = 1;

    boolean enabled() {
        return enabled;
    }

    void enable() {
        enabled = true;
    }

    /** The next publish's confirmation, or null when the channel is not in confirm mode. */
    Confirmation next() {
        if (!enabled) {
            return null;
        }
        Confirmation c = new Confirmation(nextSequence++);
        unconfirmed.put(c.sequence(), c);
        return c;
    }

    void settle(long tag, boolean multiple, boolean ack) {
        var settled = multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
        for (Confirmation c : settled.values()) {
            if (ack) {
                c.ack();
            } else {
                c.fail(new PublishFailedException(c.sequence(), "was nacked by the broker", null));
            }
        }
        settled.clear();
    }

    /** Every open confirmation fails; a recovered channel numbers its publishes from 1 again. */
    void failAll(IOException reason) {
        for (Confirmation c : unconfirmed.values()) {
            c.fail(new PublishFailedException(c.sequence(), "was in flight when the channel closed: "
                    + reason.getMessage(), reason));
        }
        unconfirmed.clear();
        nextSequence = 1;
    }

    int size() {
        return unconfirmed.size();
    }

    /** Parks until every confirmation so far is settled; throws the first failure. */
    void awaitAll() throws IOException {
        IOException first = null;
        for (Confirmation c : new ArrayList<>(unconfirmed.values())) {
            try {
                c.await();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
