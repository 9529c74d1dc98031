package io.shrapnel.monitoring;

import javax.management.openmbean.TabularData;

/**
 * The process's HTTP servers ({@code io.shrapnel.codecs.http.HttpServer}s started and not stopped),
 * as JMX shows them: {@code io.shrapnel:type=HttpServers,name=all}. Registered when the HTTP codec is
 * on the path. The totals add up the servers running now; counters are monotonic while the same
 * servers run (a dashboard derives rates from two reads).
 */
@Description("The process's running HTTP servers: responses by status class and connections, in total and per server")
public interface HttpServersMXBean {
    @Description("HTTP servers running now")
    int getServers();

    @Description("Connections the servers serve now")
    long getOpenConnections();

    @Description("Connections accepted by the running servers since they started")
    long getAccepted();

    @Description("Connections refused with 503 for being over a connection limit (not counted as responses)")
    long getRefused();

    @Description("Responses of every status class")
    long getResponses();

    @Description("1xx responses (WebSocket upgrades: 101)")
    long getInformational();

    @Description("2xx responses")
    long getSuccessful();

    @Description("3xx responses")
    long getRedirection();

    @Description("4xx responses, bad requests refused by the server included")
    long getClientErrors();

    @Description("5xx responses, handlers that failed or timed out included")
    long getServerErrors();

    /** One {@link HttpServerRow} per running server, indexed by address. */
    @Description("One row per running server, indexed by the address it listens on")
    TabularData getByServer();
}
