package io.shrapnel.monitoring;

import java.util.List;

/**
 * Every live coro of every loop, as JMX shows it: {@code io.shrapnel:type=Coros,name=all}. The
 * {@code whereAll()} of the original, as a table JConsole can sort, a text, and one coro's stack.
 */
public interface CorosMXBean {
    /** Live coros across all loops. */
    int getCount();

    /** Every live coro: id, name, loop, state, what it waits for, where; and, while the profiler runs, its numbers. */
    List<CoroView> getCoros();

    /** {@link #getCoros()} as text, one coro per line. */
    String whereAll();

    /** The stack of coro {@code id}, one frame per line, or a line saying it is not alive. */
    String stack(long id);
}
