package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.Message;
import io.shrapnel.codecs.ldap.internal.Paging;
import io.shrapnel.codecs.ldap.internal.Pending;
import io.shrapnel.codecs.ldap.internal.Protocol;
import io.shrapnel.codecs.ldap.internal.Requests;
import io.shrapnel.codecs.ldap.internal.Scram;
import io.shrapnel.codecs.ldap.internal.Session;
import io.shrapnel.codecs.asn1.BerLimits;
import io.shrapnel.codecs.asn1.BerReader;
import io.shrapnel.codecs.asn1.DerWriter;
import io.shrapnel.codecs.asn1.Tag;
import io.shrapnel.net.Conn;
import io.shrapnel.net.StreamSock;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An LDAPv3 client connection (RFC 4511) on coros. Every call parks only its coro; many coros of
 * the connection's loop may run operations at once over the one connection (each has its own
 * message id). Bound any call with {@code Coro.withTimeout}: a call that times out or is
 * interrupted abandons its operation on the server.
 *
 * <pre>{@code
 * try (LdapClient ldap = LdapClient.connect("127.0.0.1", 389)) {
 *     ldap.startTls(TlsConfig.client().trustPem(ca).build(), "ldap.example.com");
 *     ldap.bind("uid=alice,ou=people,dc=example,dc=com", "secret");
 *     try (SearchResults r = ldap.search(SearchRequest.of("dc=example,dc=com", Scope.SUB, "(mail=*@example.com)")
 *             .attributes("cn"))) {
 *         for (SearchEntry e : r) {
 *             System.out.println(e.dn() + " " + e.first("cn"));
 *         }
 *     }
 * }
 * }</pre>
 *
 * Failures the server reports are {@link LdapException}s carrying its {@link LdapResult} (a
 * referral's URIs included: referrals are reported, never followed).
 *
 * <p>Threading: use a client from coros of the loop that connected it; {@link #close()} from one
 * of them too.
 */
public final class LdapClient implements AutoCloseable {
    /** How many search entries may wait for a slow caller before the connection is held back. */
    static final int SEARCH_QUEUE = 256;

    private final Session session;

    private LdapClient(Conn conn, BerLimits limits) {
        this.session = new Session(conn, limits, "ldap");
    }

    /** Connects over plain TCP (use {@link #startTls} before sending passwords). */
    public static LdapClient connect(String host, int port) throws IOException {
        return over(tcp(host, port));
    }

    /** Connects with TLS from the start (ldaps); the certificate must name {@code host}. */
    public static LdapClient connectTls(String host, int port, TlsConfig tls) throws IOException {
        TcpSock s = tcp(host, port);
        try {
            TlsSock secure = TlsSock.client(s, tls, host);
            secure.handshake();
            return over(secure);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A TCP connection without Nagle's delay: requests are written whole, often several in flight. */
    private static TcpSock tcp(String host, int port) throws IOException {
        TcpSock s = TcpSock.create();
        try {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.connect(host, port);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** An LDAP client over a connection already made (TCP, TLS, Unix socket). */
    public static LdapClient over(Conn conn) {
        return over(conn, BerLimits.DEFAULT);
    }

    /** {@link #over(Conn)} with limits on what the server may send (message size, nesting). */
    public static LdapClient over(Conn conn, BerLimits limits) {
        return new LdapClient(conn, limits);
    }

    // ---- the message exchange

    Message await(Pending p) throws IOException {
        return await(p, true);
    }

    private Message await(Pending p, boolean abandonable) throws IOException {
        boolean answered = false;
        try {
            Message m = p.take();
            answered = true;
            return m;
        } finally {
            if (!answered) {
                session.finish(p, abandonable);
            }
        }
    }

    void finish(Pending p, boolean abandon) {
        session.finish(p, abandon);
    }

    private Message call(IntFunction<byte[]> request, boolean abandonable) throws IOException {
        return await(session.send(request, 0), abandonable);
    }

    private static LdapResult check(String operation, LdapResult r) throws LdapException {
        if (!r.isSuccess()) {
            throw new LdapException(operation, r);
        }
        return r;
    }

    private LdapResult simple(String operation, IntFunction<byte[]> request) throws IOException {
        return check(operation, call(request, true).result());
    }

    /** Operations the server is still to answer (0 when idle). */
    public int inFlight() {
        return session.inFlight();
    }

    // ---- binds

    /** A simple bind with a DN and password. */
    public LdapResult bind(String dn, String password) throws IOException {
        if (password.isEmpty() && !dn.isEmpty()) {
            throw new IllegalArgumentException("an empty password makes an unauthenticated bind that servers "
                    + "accept without checking anything; use anonymousBind() if that is what you mean");
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        return check("bind as " + dn, call(id -> Requests.simpleBind(id, dn, pw), false).result());
    }

    /** An anonymous bind (empty name and password). */
    public LdapResult anonymousBind() throws IOException {
        return check("anonymous bind", call(id -> Requests.simpleBind(id, "", new byte[0]), false).result());
    }

    /** SASL EXTERNAL: the identity the transport proved (a TLS client certificate). */
    public LdapResult saslExternal() throws IOException {
        return check("SASL EXTERNAL bind", saslStep("EXTERNAL", new byte[0]).result());
    }

    /** SASL PLAIN (RFC 4616) for {@code user}: send it only over TLS. */
    public LdapResult saslPlain(String user, String password) throws IOException {
        byte[] creds = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return check("SASL PLAIN bind as " + user, saslStep("PLAIN", creds).result());
    }

    /** SASL SCRAM-SHA-1, -256 or -512 for {@code user}; the server's proof is checked too. */
    public LdapResult saslScram(String mechanism, String user, String password) throws IOException {
        Scram scram = new Scram(mechanism, user, password, Scram.newNonce());
        Step first = saslStep(mechanism, scram.clientFirst());
        if (first.result().code() != ResultCode.SASL_BIND_IN_PROGRESS) {
            throw new LdapException(mechanism + " bind as " + user, first.result());
        }
        Step last = saslStep(mechanism, scram.clientFinal(first.serverCredentials()));
        check(mechanism + " bind as " + user, last.result());
        scram.verifyServerFinal(last.serverCredentials());
        return last.result();
    }

    private record Step(LdapResult result, byte[] serverCredentials) {}

    private Step saslStep(String mechanism, byte[] credentials) throws IOException {
        Message m = call(id -> Requests.saslBind(id, mechanism, credentials), false);
        LdapResult r = m.result();
        return new Step(r, m.optional(Protocol.SASL_CREDENTIALS));
    }

    /**
     * StartTLS (RFC 4511 4.14): upgrades this connection to TLS. No other operation may be in flight.
     * The certificate must name {@code serverName}.
     */
    public void startTls(TlsConfig tls, String serverName) throws IOException {
        if (!(session.transport() instanceof StreamSock<?> sock)) {
            throw new IllegalStateException("StartTLS on a connection that already has TLS");
        }
        if (session.inFlight() > 0) {
            throw new IllegalStateException("StartTLS needs the connection idle, but " + session.inFlight()
                    + " operation(s) are in flight");
        }
        Pending p = session.send(id -> Requests.extended(id, Protocol.START_TLS, null), 0);
        session.pauseAfter(p);
        LdapResult r;
        try {
            r = await(p, false).result();
        } catch (IOException | RuntimeException | Error e) {
            // interrupted or timed out half way: whether TLS is on is unknown, so the connection is lost
            session.fail(new IOException("StartTLS did not complete: " + e, e));
            throw e;
        }
        if (!r.isSuccess()) {
            session.switchTransport(null);
            throw new LdapException("StartTLS", r);
        }
        TlsSock secure;
        try {
            secure = TlsSock.client(sock, tls, serverName);
            secure.handshake();
        } catch (IOException | RuntimeException e) {
            session.fail(e instanceof IOException io ? io : new IOException(e));
            throw e;
        }
        session.switchTransport(secure);
    }

    // ---- search

    /** Starts a search; read the entries from the result as they arrive. */
    public SearchResults search(SearchRequest request) throws IOException {
        return new SearchResults(this, request, 0);
    }

    /** A search in pages of {@code pageSize} entries (RFC 2696); the next page is asked for when one ends. */
    public SearchResults searchPaged(SearchRequest request, int pageSize) throws IOException {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be >= 1, not " + pageSize);
        }
        return new SearchResults(this, request, pageSize);
    }

    Pending startSearch(SearchRequest request, int pageSize, byte[] cookie) throws IOException {
        List<Control> controls = request.controls();
        if (pageSize > 0) {
            controls = new ArrayList<>(controls);
            controls.add(Paging.request(pageSize, cookie));
        }
        List<Control> all = controls;
        return session.send(id -> Requests.search(id, request, all), SEARCH_QUEUE);
    }

    // ---- updates

    public LdapResult add(String dn, Attribute... attributes) throws IOException {
        return simple("add " + dn, id -> Requests.add(id, dn, List.of(attributes)));
    }

    public LdapResult modify(String dn, Modification... changes) throws IOException {
        return simple("modify " + dn, id -> Requests.modify(id, dn, List.of(changes)));
    }

    public LdapResult delete(String dn) throws IOException {
        return simple("delete " + dn, id -> Requests.delete(id, dn));
    }

    /** Renames {@code dn} to {@code newRdn}, and moves it under {@code newSuperior} unless that is null. */
    public LdapResult modifyDn(String dn, String newRdn, boolean deleteOldRdn, String newSuperior) throws IOException {
        return simple("modify DN " + dn, id -> Requests.modifyDn(id, dn, newRdn, deleteOldRdn, newSuperior));
    }

    /** Whether entry {@code dn} has {@code value} for {@code attribute}. */
    public boolean compare(String dn, String attribute, String value) throws IOException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        LdapResult r = call(id -> Requests.compare(id, dn, attribute, v), true).result();
        if (r.code() != ResultCode.COMPARE_TRUE && r.code() != ResultCode.COMPARE_FALSE) {
            throw new LdapException("compare " + dn, r);
        }
        return r.code() == ResultCode.COMPARE_TRUE;
    }

    // ---- extended operations

    /** Any extended operation; a result other than success is thrown. */
    public ExtendedResult extended(String oid, byte[] value) throws IOException {
        Message m = call(id -> Requests.extended(id, oid, value), true);
        LdapResult r = check("extended operation " + oid, m.result());
        byte[] name = m.optional(Protocol.EXTENDED_RESPONSE_NAME);
        return new ExtendedResult(r, name == null ? null : new String(name, StandardCharsets.UTF_8),
                m.optional(Protocol.EXTENDED_RESPONSE_VALUE));
    }

    /** "Who am I?" (RFC 4532): the authorization identity, such as {@code dn:uid=alice,...}; empty if anonymous. */
    public String whoAmI() throws IOException {
        byte[] v = extended(Protocol.WHO_AM_I, null).value();
        return v == null ? "" : new String(v, StandardCharsets.UTF_8);
    }

    /**
     * Password modify (RFC 3062). Any argument may be null: no {@code user} means the bound user;
     * no {@code newPassword} asks the server to generate one, which is returned (else null).
     */
    public String passwordModify(String user, String oldPassword, String newPassword) throws IOException {
        DerWriter w = new DerWriter();
        int seq = w.begin(Tag.SEQUENCE);
        String[] fields = {user, oldPassword, newPassword};
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null) {
                w.writeUtf8String(Tag.context(i), fields[i]);
            }
        }
        byte[] v = extended(Protocol.PASSWORD_MODIFY, w.end(seq).toByteArray()).value();
        if (v == null) {
            return null;
        }
        BerReader r = BerReader.ber(v).readSequence();
        return r.hasNext() ? r.readUtf8String(Tag.context(0)) : null;
    }

    /** Unbinds and closes; operations still in flight fail. */
    @Override
    public void close() {
        session.close();
    }
}
