package io.shrapnel.monitoring.internal;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.DeadLetters;
import io.shrapnel.mailbox.LoopStats;
import io.shrapnel.mailbox.MailboxStats;
import io.shrapnel.monitoring.MailboxRow;
import io.shrapnel.monitoring.MailboxesMXBean;
import io.shrapnel.monitoring.internal.jmx.RecordTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.management.openmbean.TabularData;

/**
 * {@link MailboxesMXBean} over the actors of one loop.
 *
 * <p>Threading: immutable; reads the mailbox module's counters, which are racy but safe from any thread.
 */
public final class MailboxesBean implements MailboxesMXBean {
    private static final int DEEPEST = 20;
    private static final RecordTable<MailboxRow> TABLE = new RecordTable<>(MailboxRow.class, "Mailboxes", "rank");

    private final Scheduler loop;

    public MailboxesBean(Scheduler loop) {
        this.loop = loop;
    }

    private LoopStats stats() {
        return Actors.stats(loop);
    }

    @Override
    public int getCoroActors() {
        return stats().coroActors();
    }

    @Override
    public int getHandlerActors() {
        return stats().handlerActors();
    }

    @Override
    public int getBusyHandlers() {
        return stats().busyHandlers();
    }

    @Override
    public long getDepth() {
        return stats().depth();
    }

    @Override
    public long getDelivered() {
        return stats().delivered();
    }

    @Override
    public long getReceived() {
        return stats().received();
    }

    @Override
    public long getDeadLetters() {
        return stats().deadLetters();
    }

    @Override
    public long getDeadLettersAllLoops() {
        return DeadLetters.count();
    }

    @Override
    public long getOpenMailboxes() {
        return stats().openMailboxes();
    }

    @Override
    public TabularData getDeepest() {
        List<MailboxStats> deepest = Actors.mailboxes(loop).stream()
                .sorted(Comparator.comparingInt(MailboxStats::depth).reversed())
                .limit(DEEPEST)
                .toList();
        List<MailboxRow> rows = new ArrayList<>(deepest.size());
        for (MailboxStats m : deepest) {
            rows.add(MailboxRow.of(rows.size() + 1, m));
        }
        return TABLE.of(rows);
    }
}
