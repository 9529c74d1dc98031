package io.shrapnel.monitoring;

import io.shrapnel.mailbox.MailboxStats;
import java.util.List;

/**
 * The actors of one loop, as JMX shows them: {@code io.shrapnel:type=Mailboxes,name=<loop>}
 * ({@link io.shrapnel.mailbox.LoopStats}), with the deepest mailboxes.
 */
public interface MailboxesMXBean {
    int getCoroActors();

    int getHandlerActors();

    /** Handler actors whose handler is blocked now. */
    int getBusyHandlers();

    /** Messages waiting in the loop's live mailboxes. */
    long getDepth();

    long getDelivered();

    long getReceived();

    /** Messages to actors of this loop that became dead letters. */
    long getDeadLetters();

    /** Dead letters of the whole process. */
    long getDeadLettersAllLoops();

    long getOpenMailboxes();

    /** The twenty deepest live mailboxes of the loop, deepest first. */
    List<MailboxStats> getDeepest();
}
