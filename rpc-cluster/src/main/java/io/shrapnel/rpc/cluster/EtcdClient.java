package io.shrapnel.rpc.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.shrapnel.codecs.http.ClientRequest;
import io.shrapnel.codecs.http.ClientResponse;
import io.shrapnel.codecs.http.HttpClient;
import io.shrapnel.codecs.http.StreamedResponse;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.rpc.cluster.internal.Json;
import io.shrapnel.rpc.cluster.internal.etcd.CompactionRequest;
import io.shrapnel.rpc.cluster.internal.etcd.CompactionResponse;
import io.shrapnel.rpc.cluster.internal.etcd.Compare;
import io.shrapnel.rpc.cluster.internal.etcd.DeleteRangeRequest;
import io.shrapnel.rpc.cluster.internal.etcd.DeleteRangeResponse;
import io.shrapnel.rpc.cluster.internal.etcd.GatewayError;
import io.shrapnel.rpc.cluster.internal.etcd.KeyValue;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseGrantRequest;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseGrantResponse;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseKeepAliveRequest;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseKeepAliveStreamMessage;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseRevokeRequest;
import io.shrapnel.rpc.cluster.internal.etcd.LeaseRevokeResponse;
import io.shrapnel.rpc.cluster.internal.etcd.PutRequest;
import io.shrapnel.rpc.cluster.internal.etcd.PutResponse;
import io.shrapnel.rpc.cluster.internal.etcd.RangeRequest;
import io.shrapnel.rpc.cluster.internal.etcd.RangeResponse;
import io.shrapnel.rpc.cluster.internal.etcd.RequestOp;
import io.shrapnel.rpc.cluster.internal.etcd.TxnRequest;
import io.shrapnel.rpc.cluster.internal.etcd.TxnResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of etcd's v3 JSON gateway (etcd 3.4) on coros: range, put, delete, compare-and-put,
 * leases and watches, over the library's {@link HttpClient}. Calls park the calling coro.
 *
 * <pre>{@code
 * EtcdClient etcd = EtcdClient.connect(List.of("http://127.0.0.1:2379", "http://127.0.0.1:22379"));
 * etcd.put("/config/mode", "fast");
 * Range r = etcd.range("/config/mode");
 * }</pre>
 *
 * <p>Several endpoints: a request goes to the endpoint that answered last; if it cannot be reached
 * (refused, reset, timed out) the next one is tried, and when none answers the call fails with an
 * {@link EtcdException} of code {@link EtcdException#UNAVAILABLE} naming each endpoint and its error.
 * An error etcd itself returns (a lease not found...) is an {@link EtcdException} with etcd's code
 * and message, without failover.
 *
 * <p>Threading: one client per loop; its coros may share it.
 */
public final class EtcdClient implements AutoCloseable {
    private final List<URI> endpoints;
    private final HttpClient http;
    /** The watches' streams, each holding a connection for as long as it runs. */
    private final HttpClient streams;
    private final Duration timeout;
    private int current;
    private Duration watchLiveness;

    private EtcdClient(List<URI> endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.http = HttpClient.builder().timeout(timeout).maxConnectionsPerHost(16).build();
        this.streams = HttpClient.builder().timeout(timeout).maxConnectionsPerHost(1024).build();
    }

    /** A client of the etcd members at {@code endpoints} (http://host:port), 5 s per request. */
    public static EtcdClient connect(List<String> endpoints) {
        return connect(endpoints, Duration.ofSeconds(5));
    }

    /** A client of the etcd members at {@code endpoints}, each request limited to {@code timeout}. */
    public static EtcdClient connect(List<String> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        List<URI> uris = new ArrayList<>();
        for (String e : endpoints) {
            URI u = URI.create(e);
            if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
                throw new IllegalArgumentException("an etcd endpoint is http://host:port, not " + e);
            }
            uris.add(u);
        }
        return new EtcdClient(List.copyOf(uris), timeout);
    }

    /** The endpoints, in the order they are tried. */
    public List<URI> endpoints() {
        return endpoints;
    }

    /** The endpoint that answered last (where the next request goes first). */
    public URI currentEndpoint() {
        return endpoints.get(current);
    }

    /** The value of {@code key}, or an empty range. */
    public Range range(String key) throws IOException {
        return toRange(call("/v3/kv/range", RangeRequest.newBuilder().setKey(bytes(key)).build(), RangeResponse.getDefaultInstance()));
    }

    /** Every key that starts with {@code prefix}. */
    public Range rangePrefix(String prefix) throws IOException {
        RangeRequest req = RangeRequest.newBuilder().setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).build();
        return toRange(call("/v3/kv/range", req, RangeResponse.getDefaultInstance()));
    }

    /** Stores {@code value} under {@code key}; returns the new revision. */
    public long put(String key, String value) throws IOException {
        return put(key, value, 0);
    }

    /** Stores {@code value} under {@code key}, attached to {@code lease} (0: none); returns the new revision. */
    public long put(String key, String value, long lease) throws IOException {
        PutRequest req = PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).setLease(lease).build();
        return call("/v3/kv/put", req, PutResponse.getDefaultInstance()).getHeader().getRevision();
    }

    /** Deletes {@code key}; returns how many keys went (0 or 1). */
    public long delete(String key) throws IOException {
        DeleteRangeRequest req = DeleteRangeRequest.newBuilder().setKey(bytes(key)).build();
        return call("/v3/kv/deleterange", req, DeleteRangeResponse.getDefaultInstance()).getDeleted();
    }

    /** Deletes every key that starts with {@code prefix}; returns how many went. */
    public long deletePrefix(String prefix) throws IOException {
        DeleteRangeRequest req = DeleteRangeRequest.newBuilder().setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).build();
        return call("/v3/kv/deleterange", req, DeleteRangeResponse.getDefaultInstance()).getDeleted();
    }

    /**
     * Compare-and-put in one transaction: stores {@code value} under {@code key} (attached to
     * {@code lease}, 0 for none) only if the key's last change is {@code expectedModRevision}
     * (0: only if the key does not exist).
     *
     * @return true if it was stored
     */
    public boolean compareAndPut(String key, long expectedModRevision, String value, long lease) throws IOException {
        Compare cmp = Compare.newBuilder().setKey(bytes(key)).setResult(Compare.CompareResult.EQUAL)
                .setTarget(Compare.CompareTarget.MOD).setModRevision(expectedModRevision).build();
        PutRequest put = PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).setLease(lease).build();
        TxnRequest txn = TxnRequest.newBuilder().addCompare(cmp).addSuccess(RequestOp.newBuilder().setRequestPut(put)).build();
        return call("/v3/kv/txn", txn, TxnResponse.getDefaultInstance()).getSucceeded();
    }

    /** Stores {@code value} under {@code key} only if the key does not exist; true if it was stored. */
    public boolean putIfAbsent(String key, String value, long lease) throws IOException {
        return compareAndPut(key, 0, value, lease);
    }

    /**
     * Compacts etcd's history up to {@code revision}: older revisions can no longer be read or
     * watched from (a watch that needs them ends with {@code compacted}). Waits until it is done.
     */
    public void compact(long revision) throws IOException {
        call("/v3/kv/compaction", CompactionRequest.newBuilder().setRevision(revision).setPhysical(true).build(),
                CompactionResponse.getDefaultInstance());
    }

    /** Grants a lease of {@code ttl} (etcd's minimum is 2 s; shorter is raised to it); returns its id. */
    public long grantLease(Duration ttl) throws IOException {
        LeaseGrantRequest req = LeaseGrantRequest.newBuilder().setTTL(Math.max(1, ttl.toSeconds())).build();
        LeaseGrantResponse r = call("/v3/lease/grant", req, LeaseGrantResponse.getDefaultInstance());
        if (!r.getError().isEmpty()) {
            throw new EtcdException(9, "etcd refused a lease of " + ttl + ": " + r.getError());
        }
        return r.getID();
    }

    /**
     * Refreshes lease {@code id} once.
     *
     * @return the seconds it has left now, 0 if it no longer exists (it expired or was revoked)
     */
    public long keepAliveOnce(long id) throws IOException {
        LeaseKeepAliveRequest req = LeaseKeepAliveRequest.newBuilder().setID(id).build();
        String body = post("/v3/lease/keepalive", Json.print(req), true);
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            LeaseKeepAliveStreamMessage m = Json.parse(line, LeaseKeepAliveStreamMessage.newBuilder()).build();
            if (m.hasError()) {
                throw new EtcdException(m.getError().getGrpcCode(), "etcd refused to keep lease " + id + " alive: "
                        + m.getError().getMessage());
            }
            return m.getResult().getTTL();
        }
        throw new EtcdException(2, "etcd answered the keep-alive of lease " + id + " with nothing");
    }

    /** Revokes lease {@code id}: every key attached to it is deleted. */
    public void revokeLease(long id) throws IOException {
        call("/v3/lease/revoke", LeaseRevokeRequest.newBuilder().setID(id).build(), LeaseRevokeResponse.getDefaultInstance());
    }

    /**
     * Watches every key under {@code prefix} from {@code startRevision} (0: from now) in a coro of the
     * calling coro's loop, calling {@code listener} for each change in revision order. A broken
     * stream is opened again (on the next endpoint if need be) from the revision after the last one
     * delivered, so no event is lost or repeated.
     */
    public Watch watchPrefix(String prefix, long startRevision, Watch.Listener listener) {
        return Watch.start(this, prefix, prefixEnd(prefix), startRevision, listener);
    }

    /**
     * Makes this client's watches give up a stream that has carried nothing (no event, no progress
     * notification) for {@code maxSilence}, and open it again from the last revision: what finds a
     * half-open connection or a frozen etcd member. Set it above etcd's
     * {@code --experimental-watch-progress-notify-interval} (10 min by default), say three times it.
     * Null (the default) waits for ever. Applies to watches that read their next object after the call.
     *
     * @return this client
     */
    public EtcdClient watchLiveness(Duration maxSilence) {
        if (maxSilence != null && (maxSilence.isNegative() || maxSilence.isZero())) {
            throw new IllegalArgumentException("the watch liveness limit must be positive, not " + maxSilence);
        }
        this.watchLiveness = maxSilence;
        return this;
    }

    /** The watch liveness limit, or null. */
    public Duration watchLiveness() {
        return watchLiveness;
    }

    /** Connections kept open for the next request, to every endpoint (none once closed): for tests. */
    int idleConnections() {
        int n = 0;
        for (URI e : endpoints) {
            n += http.idleConnections(e.toString()) + streams.idleConnections(e.toString());
        }
        return n;
    }

    /** Closes the idle connections. */
    @Override
    public void close() {
        http.close();
        streams.close();
    }

    /**
     * Posts {@code json} to {@code path} on {@code endpoint} and returns the response as a stream
     * (a watch), once etcd has answered 200.
     */
    StreamedResponse openStream(URI endpoint, String path, String json) throws IOException {
        StreamedResponse r;
        try {
            r = streams.stream(ClientRequest.post(endpoint + path, json).header("Content-Type", "application/json"));
        } catch (TimeoutError e) {
            throw new IOException(endpoint + path + ": no answer within " + timeout.toMillis() + " ms");
        }
        if (r.status() != 200) {
            try (r) {
                byte[] head = r.body().readNBytes(4096);
                throw new IOException(endpoint + path + ": answered " + r.status() + " " + r.reason() + " "
                        + new String(head, StandardCharsets.UTF_8).strip());
            }
        }
        return r;
    }

    <R extends Message> R call(String path, Message request, R prototype) throws IOException {
        String body = post(path, Json.print(request), !path.equals("/v3/kv/txn"));
        @SuppressWarnings("unchecked")
        R r = (R) Json.parse(body, prototype.newBuilderForType()).build();
        return r;
    }

    /**
     * Posts to the endpoints in turn. {@code retryStale}: the request may be sent again once on the
     * same endpoint when a kept-alive connection turns out closed (etcd restarted); every request but
     * a transaction gives the same result if applied twice.
     */
    private String post(String path, String json, boolean retryStale) throws IOException {
        StringBuilder failures = new StringBuilder();
        for (int tried = 0; tried < endpoints.size(); tried++) {
            int i = (current + tried) % endpoints.size();
            URI endpoint = endpoints.get(i);
            ClientResponse r;
            try {
                r = send(endpoint, path, json, retryStale);
            } catch (IOException | TimeoutError e) {
                failures.append(failures.isEmpty() ? "" : "; ").append(endpoint).append(": ").append(describe(e));
                continue;
            }
            current = i;
            if (r.status() != 200) {
                throw gatewayError(path, r);
            }
            return r.text();
        }
        throw new EtcdException(EtcdException.UNAVAILABLE, "no etcd endpoint answered " + path + ": " + failures);
    }

    private ClientResponse send(URI endpoint, String path, String json, boolean retryStale) throws IOException {
        ClientRequest req = ClientRequest.post(endpoint + path, json).header("Content-Type", "application/json");
        try {
            return http.send(req);
        } catch (java.io.EOFException stale) {
            if (!retryStale) {
                throw stale;
            }
            return http.send(req);
        }
    }

    /** Moves the next request to the endpoint after {@code failed} (a watch saw it fail). */
    void failedOver(URI failed) {
        if (endpoints.get(current).equals(failed)) {
            current = (current + 1) % endpoints.size();
        }
    }

    static String describe(Throwable e) {
        if (e instanceof TimeoutError) {
            return "timed out";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static EtcdException gatewayError(String path, ClientResponse r) {
        try {
            GatewayError g = Json.parse(r.text(), GatewayError.newBuilder()).build();
            String msg = g.getMessage().isEmpty() ? g.getError() : g.getMessage();
            return new EtcdException(g.getCode(), "etcd answered " + path + " with " + r.status() + ": " + msg);
        } catch (IOException notJson) {
            return new EtcdException(2, "etcd answered " + path + " with " + r.status() + " " + r.reason());
        }
    }

    static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    /** The range end that covers every key starting with {@code prefix}: its last byte plus one. */
    static ByteString prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0}); // every key
    }

    static Entry entry(KeyValue kv) {
        return new Entry(kv.getKey().toStringUtf8(), kv.getValue().toByteArray(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getLease());
    }

    private static Range toRange(RangeResponse r) {
        List<Entry> out = new ArrayList<>(r.getKvsCount());
        for (KeyValue kv : r.getKvsList()) {
            out.add(entry(kv));
        }
        return new Range(List.copyOf(out), r.getHeader().getRevision());
    }
}
