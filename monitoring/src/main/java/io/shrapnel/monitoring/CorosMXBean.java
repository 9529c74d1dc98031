package io.shrapnel.monitoring;

import javax.management.openmbean.TabularData;

/**
 * Every live coro of every loop, as JMX shows it: {@code io.shrapnel:type=Coros,name=all}. The
 * {@code whereAll()} of the original, as a table JConsole can sort, a text, and one coro's stack.
 */
@Description("Every live coro of every loop: the whereAll() view as a table, counts by state, and one coro's stack")
public interface CorosMXBean {
    @Description("Live coros across all loops")
    int getCount();

    /** Every live coro, one {@link CoroView} per row, indexed by {@code id}. */
    @Description("Every live coro, one row each (indexed by id): name, loop, state, what it waits for, where; "
            + "and while the profiler runs its runs, CPU time and allocated bytes (-1 otherwise)")
    TabularData getCoros();

    /** How many live coros are in each state, one {@link StateCount} per row, indexed by {@code state}. */
    @Description("How many live coros are in each state (NEW, SCHEDULED, RUNNING, WAITING), indexed by state")
    TabularData getStates();

    /** {@link #getCoros()} as text, one coro per line. */
    @Description("Every live coro as text, one per line: id, name, loop, state, what it waits for and where")
    String whereAll();

    /** The stack of coro {@code id}, one frame per line, or a line saying it is not alive. */
    @Description("The stack of one live coro, one frame per line, or a line saying it is not alive")
    String stack(@Description(name = "id", value = "The coro's id (the id column of Coros)") long id);
}
