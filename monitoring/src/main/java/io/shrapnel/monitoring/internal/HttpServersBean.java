package io.shrapnel.monitoring.internal;

import io.shrapnel.codecs.http.HttpServerMetrics;
import io.shrapnel.monitoring.HttpServerRow;
import io.shrapnel.monitoring.HttpServersMXBean;
import io.shrapnel.monitoring.internal.jmx.RecordTable;
import java.util.List;
import java.util.function.ToLongFunction;
import javax.management.openmbean.TabularData;

/**
 * {@link HttpServersMXBean} over {@link HttpServerMetrics#live()}. Loaded only when the HTTP codec is
 * on the path.
 *
 * <p>Threading: stateless; each getter reads the servers' counters racily (see {@link HttpServerMetrics}).
 */
public final class HttpServersBean implements HttpServersMXBean {
    private static final RecordTable<HttpServerRow> TABLE = new RecordTable<>(HttpServerRow.class, "HttpServers", "address");

    private static List<HttpServerMetrics.Snapshot> snapshots() {
        return HttpServerMetrics.live().stream().map(HttpServerMetrics::snapshot).toList();
    }

    private static long sum(ToLongFunction<HttpServerMetrics.Snapshot> f) {
        long total = 0;
        for (HttpServerMetrics.Snapshot s : snapshots()) {
            total += f.applyAsLong(s);
        }
        return total;
    }

    @Override
    public int getServers() {
        return HttpServerMetrics.live().size();
    }

    @Override
    public long getOpenConnections() {
        return sum(HttpServerMetrics.Snapshot::openConnections);
    }

    @Override
    public long getAccepted() {
        return sum(HttpServerMetrics.Snapshot::accepted);
    }

    @Override
    public long getRefused() {
        return sum(HttpServerMetrics.Snapshot::refused);
    }

    @Override
    public long getResponses() {
        return sum(HttpServerMetrics.Snapshot::responses);
    }

    @Override
    public long getInformational() {
        return sum(HttpServerMetrics.Snapshot::informational);
    }

    @Override
    public long getSuccessful() {
        return sum(HttpServerMetrics.Snapshot::successful);
    }

    @Override
    public long getRedirection() {
        return sum(HttpServerMetrics.Snapshot::redirection);
    }

    @Override
    public long getClientErrors() {
        return sum(HttpServerMetrics.Snapshot::clientErrors);
    }

    @Override
    public long getServerErrors() {
        return sum(HttpServerMetrics.Snapshot::serverErrors);
    }

    @Override
    public TabularData getByServer() {
        return TABLE.of(snapshots().stream()
                .map(s -> new HttpServerRow(s.address(), s.openConnections(), s.accepted(), s.refused(),
                        s.informational(), s.successful(), s.redirection(), s.clientErrors(), s.serverErrors()))
                .toList());
    }
}
