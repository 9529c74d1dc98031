package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.Md5Password;
import io.shrapnel.codecs.postgres.internal.MessageReader;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.codecs.postgres.internal.Scram;
import io.shrapnel.codecs.postgres.internal.TlsTrust;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opening a connection: TCP, the SSLRequest and TLS as sslmode says, the StartupMessage, and
 * authentication (SCRAM-SHA-256 with or without channel binding, md5, cleartext), up to the
 * server's first ReadyForQuery. Everything else the server offers is refused with a message that
 * says what to configure.
 *
 * <p>Threading: runs once, in the connecting coro.
 */
final class Startup {
    static final int PROTOCOL_3_0 = 196608;
    static final int SSL_REQUEST = 80877103;

    private final PgConfig config;
    private Conn conn;
    private MessageReader in;
    private final MessageWriter out = new MessageWriter();
    private byte[] channelBinding;
    final Map<String, String> parameters = new LinkedHashMap<>();
    int processId;
    int secretKey;
    String mechanism = "trust";

    Startup(PgConfig config) {
        this.config = config;
    }

    Conn conn() {
        return conn;
    }

    MessageReader reader() {
        return in;
    }

    /** Runs the whole startup on {@code tcp}, already connected; returns the connection to use (TLS or not). */
    Conn run(TcpSock tcp) throws IOException {
        conn = tcp;
        in = new MessageReader(tcp::recvInto, config.maxMessageSize());
        if (config.sslMode() != SslMode.DISABLE) {
            startTls(tcp);
        }
        startupMessage();
        authenticate();
        awaitReady();
        return conn;
    }

    private void startTls(TcpSock tcp) throws IOException {
        send(out.beginUntyped().int32(SSL_REQUEST).end());
        int answer = in.readByte();
        if (answer == 'N') {
            if (config.sslMode() == SslMode.PREFER) {
                return;
            }
            throw new PgProtocolException("the server at " + config.host() + ":" + config.port() + " does not offer "
                    + "TLS but sslMode is " + config.sslMode() + "; turn ssl on in postgresql.conf or use PREFER/DISABLE");
        }
        if (answer != 'S') {
            throw new PgProtocolException("the server answered the SSLRequest with byte " + answer
                    + " instead of 'S' or 'N'; is this a PostgreSQL server?");
        }
        if (in.buffered() > 0) {
            throw new PgProtocolException("the server sent unencrypted bytes after agreeing to TLS (a man in the "
                    + "middle injecting data? CVE-2021-23222); refusing");
        }
        TlsConfig tls = config.sslMode() == SslMode.VERIFY_FULL || config.tls() != null && config.sslMode() != SslMode.PREFER
                ? config.tls() : TlsTrust.unverified();
        if (tls == null) {
            tls = TlsTrust.unverified();
        }
        TlsSock tlsSock = TlsSock.client(tcp, tls, config.host());
        tlsSock.handshake();
        conn = tlsSock;
        in = new MessageReader(tlsSock::recvInto, config.maxMessageSize());
        List<X509Certificate> chain = tlsSock.peerCertificates();
        if (config.channelBinding() && !chain.isEmpty()) {
            channelBinding = TlsTrust.serverEndPoint(chain.get(0));
        }
    }

    private void startupMessage() throws IOException {
        out.beginUntyped().int32(PROTOCOL_3_0)
                .cstring("user").cstring(config.user())
                .cstring("database").cstring(config.database())
                .cstring("client_encoding").cstring("UTF8")
                .cstring("DateStyle").cstring("ISO")
                .cstring("TimeZone").cstring("UTC")
                .cstring("IntervalStyle").cstring("iso_8601")
                .cstring("extra_float_digits").cstring("3");
        for (Map.Entry<String, String> p : config.parameters().entrySet()) {
            out.cstring(p.getKey()).cstring(p.getValue());
        }
        send(out.int8(0).end());
    }

    private void authenticate() throws IOException {
        Scram scram = null;
        while (true) {
            Payload m = in.next();
            if (m.type() == 'E') {
                throw new PgException(Messages.notice(m));
            }
            if (m.type() == 'v') {
                continue; // NegotiateProtocolVersion: a minor version or options we did not ask for
            }
            if (m.type() != 'R') {
                throw new PgProtocolException("expected an authentication request from the server, got a '"
                        + m.type() + "' message");
            }
            int code = m.int32();
            switch (code) {
                case 0 -> {
                    if (scram != null && !scramDone) {
                        throw new PgProtocolException("the server ended SCRAM without proving it knows the password");
                    }
                    return;
                }
                case 3 -> {
                    mechanism = "password";
                    send(out.begin('p').cstring(password("cleartext")).end());
                }
                case 5 -> {
                    mechanism = "md5";
                    send(out.begin('p').cstring(Md5Password.encode(config.user(), password("md5"), m.bytes(4))).end());
                }
                case 10 -> scram = startScram(m);
                case 11 -> {
                    requireScram(scram, code);
                    send(out.begin('p').bytes(ascii(scram.clientFinal(m.rest()))).end());
                }
                case 12 -> {
                    requireScram(scram, code);
                    scram.verifyServerFinal(m.rest());
                    scramDone = true;
                }
                default -> throw new PgProtocolException("the server asks for authentication method " + methodName(code)
                        + " (code " + code + "), which this client does not support; configure pg_hba.conf "
                        + "for scram-sha-256, md5 or password for this user");
            }
        }
    }

    private boolean scramDone;

    private Scram startScram(Payload m) throws IOException {
        List<String> mechanisms = new ArrayList<>();
        for (String s = m.cstring(); !s.isEmpty(); s = m.cstring()) {
            mechanisms.add(s);
        }
        Scram scram;
        if (channelBinding != null && mechanisms.contains("SCRAM-SHA-256-PLUS")) {
            scram = new Scram("", password("SCRAM"), channelBinding, Scram.newNonce());
        } else if (mechanisms.contains("SCRAM-SHA-256")) {
            scram = new Scram("", password("SCRAM"), null, Scram.newNonce());
        } else {
            throw new PgProtocolException("the server offers SASL mechanisms " + mechanisms
                    + " and this client speaks SCRAM-SHA-256(-PLUS) only");
        }
        mechanism = scram.mechanism();
        byte[] first = ascii(scram.clientFirst());
        send(out.begin('p').cstring(scram.mechanism()).int32(first.length).bytes(first).end());
        return scram;
    }

    private static void requireScram(Scram scram, int code) throws PgProtocolException {
        if (scram == null) {
            throw new PgProtocolException("the server sent SASL step " + code + " before starting SASL");
        }
    }

    private String password(String method) throws PgProtocolException {
        if (config.password() == null) {
            throw new PgProtocolException("the server asks for a " + method + " password for user " + config.user()
                    + " and PgConfig has none: set .password(...)");
        }
        return config.password();
    }

    static String methodName(int code) {
        return switch (code) {
            case 2 -> "KerberosV5";
            case 6 -> "SCM credentials";
            case 7 -> "GSSAPI";
            case 9 -> "SSPI";
            default -> "unknown";
        };
    }

    private void awaitReady() throws IOException {
        while (true) {
            Payload m = in.next();
            switch (m.type()) {
                case 'S' -> parameters.put(m.cstring(), m.cstring());
                case 'K' -> {
                    processId = m.int32();
                    secretKey = m.int32();
                }
                case 'N' -> { }
                case 'Z' -> {
                    return;
                }
                case 'E' -> throw new PgException(Messages.notice(m));
                default -> throw new PgProtocolException("unexpected '" + m.type() + "' message during startup");
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void send(MessageWriter w) throws IOException {
        conn.sendAll(w.buffer());
        w.clear();
    }
}
