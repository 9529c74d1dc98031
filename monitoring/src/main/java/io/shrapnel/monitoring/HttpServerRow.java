package io.shrapnel.monitoring;

/**
 * A row of {@link HttpServersMXBean#getByServer()}: one server's counters since it started.
 *
 * @param address where it listens, {@code host:port}
 * @param openConnections connections served now
 * @param accepted connections accepted
 * @param refused connections refused with 503 for being over a limit
 * @param informational 1xx responses
 * @param successful 2xx responses
 * @param redirection 3xx responses
 * @param clientErrors 4xx responses
 * @param serverErrors 5xx responses
 */
@Description("One HTTP server")
public record HttpServerRow(
        @Description("Where it listens, host:port") String address,
        @Description("Connections served now") int openConnections,
        @Description("Connections accepted since it started") long accepted,
        @Description("Connections refused with 503 for being over a limit") long refused,
        @Description("1xx responses") long informational,
        @Description("2xx responses") long successful,
        @Description("3xx responses") long redirection,
        @Description("4xx responses") long clientErrors,
        @Description("5xx responses") long serverErrors) {}
