package io.shrapnel.monitoring;

/**
 * A row of {@link CorosMXBean#getStates()}.
 *
 * @param state a coro state's name
 * @param count live coros in that state
 */
@Description("Live coros in one state")
public record StateCount(@Description("The state") String state,
                         @Description("Live coros in that state") int count) {}
