package io.shrapnel.monitoring;

import javax.management.openmbean.TabularData;

/**
 * The actors of one loop, as JMX shows them: {@code io.shrapnel:type=Mailboxes,name=<loop>}
 * ({@link io.shrapnel.mailbox.LoopStats}), with the deepest mailboxes.
 */
@Description("The actors of one loop: their mailboxes' depth, traffic and dead letters, and the deepest mailboxes")
public interface MailboxesMXBean {
    @Description("Live actors of this loop that are coros with a mailbox")
    int getCoroActors();

    @Description("Live handler actors of this loop (a handler run per message)")
    int getHandlerActors();

    /** Handler actors whose handler is blocked now. */
    @Description("Handler actors whose handler is blocked now")
    int getBusyHandlers();

    /** Messages waiting in the loop's live mailboxes. */
    @Description("Messages waiting in the loop's live mailboxes")
    long getDepth();

    @Description("Messages delivered to this loop's actors (in), counted since the process started")
    long getDelivered();

    @Description("Messages taken by this loop's actors (out), counted since the process started")
    long getReceived();

    /** Messages to actors of this loop that became dead letters. */
    @Description("Messages to actors of this loop that became dead letters (the actor had exited, or was full)")
    long getDeadLetters();

    /** Dead letters of the whole process. */
    @Description("Dead letters of the whole process, all loops")
    long getDeadLettersAllLoops();

    @Description("Live mailboxes of this loop")
    long getOpenMailboxes();

    /** The twenty deepest live mailboxes of the loop, deepest first: one {@link MailboxRow} per row, indexed by {@code rank}. */
    @Description("The twenty deepest live mailboxes of the loop, one row each, indexed by rank (1 is the deepest)")
    TabularData getDeepest();
}
