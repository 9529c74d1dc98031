package io.shrapnel.net;

import io.shrapnel.net.internal.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a {@link TlsSock} talks TLS: its certificate and key, whom it trusts, versions, ALPN, client
 * certificates. Immutable; build one per application and share it (it holds the {@link SSLContext}).
 *
 * <pre>{@code
 * TlsConfig client = TlsConfig.client().trustPem(Path.of("ca.crt")).build();
 * TlsConfig server = TlsConfig.server(Path.of("server.crt"), Path.of("server.key")).build();
 * }</pre>
 *
 * <p>Defaults: TLS 1.3 and 1.2 only, with AEAD cipher suites only (AES-GCM and ChaCha20-Poly1305:
 * the JDK's CBC suites, SHA-1 MACs among them, are left out; to take the JDK's whole default list
 * back, {@code builder.cipherSuites(TlsConfig.jdkDefaultCipherSuites())}); a TLS 1.2 peer that
 * tries to renegotiate is refused at its first record; a client trusts the JDK's CA certificates
 * and checks that the server's certificate names the host it connected to (turn that off only for
 * tests: {@link Builder#verifyHostname}); a server asks for no client certificate.
 *
 * <p>Threading: immutable, any thread.
 */
public final class TlsConfig {
    /** Whether a server asks the client for a certificate. */
    public enum ClientAuth { NONE, WANT, NEED }

    private final SSLContext context;
    private final boolean client;
    private final List<String> protocols;
    private final List<String> applicationProtocols;
    private final boolean verifyHostname;
    private final ClientAuth clientAuth;
    private final List<String> cipherSuites;

    private TlsConfig(Builder b, SSLContext context) {
        this.context = context;
        this.client = b.client;
        this.protocols = b.protocols;
        this.applicationProtocols = b.applicationProtocols;
        this.verifyHostname = b.verifyHostname;
        this.clientAuth = b.clientAuth;
        this.cipherSuites = b.cipherSuites != null ? b.cipherSuites : aead(context.getDefaultSSLParameters().getCipherSuites());
    }

    /** The cipher suites the JDK enables by default (CBC ones included), for {@link Builder#cipherSuites}. */
    public static List<String> jdkDefaultCipherSuites() {
        try {
            return List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The AEAD suites of {@code suites}, in their order (and the renegotiation-info signal, which is no cipher). */
    static List<String> aead(String[] suites) {
        return java.util.Arrays.stream(suites).filter(TlsConfig::isAead).toList();
    }

    private static boolean isAead(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") || suite.contains("_GCM_")
                || suite.contains("_CHACHA20_POLY1305_") || suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    }

    /** The cipher suites its connections offer or accept. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** A client configuration, trusting the JDK's CA certificates unless told otherwise. */
    public static Builder client() {
        return new Builder(true);
    }

    /** A server configuration with the certificate chain and PKCS#8 key in these PEM files. */
    public static Builder server(Path certificateChainPem, Path privateKeyPem) {
        return new Builder(false).keyPem(certificateChainPem, privateKeyPem);
    }

    /** A server configuration whose key material comes with {@link Builder#keyStore} or {@link Builder#context}. */
    public static Builder server() {
        return new Builder(false);
    }

    public boolean isClient() {
        return client;
    }

    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** A new engine for one connection; {@code peerHost} is the name the client verifies. */
    SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine e = client ? context.createSSLEngine(peerHost, peerPort) : context.createSSLEngine();
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        p.setCipherSuites(cipherSuites.toArray(String[]::new));
        if (!applicationProtocols.isEmpty()) {
            p.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        if (client && verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!client) {
            p.setNeedClientAuth(clientAuth == ClientAuth.NEED);
            if (clientAuth == ClientAuth.WANT) {
                p.setWantClientAuth(true);
            }
        }
        e.setSSLParameters(p);
        return e;
    }

    boolean verifiesHostname() {
        return client && verifyHostname;
    }

    /**
     * Builds a {@link TlsConfig}. Reading PEM files and key stores happens in {@link #build()}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private final boolean client;
        private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
        private List<String> applicationProtocols = List.of();
        private boolean verifyHostname = true;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<String> cipherSuites;
        private Path certPem;
        private Path keyPem;
        private KeyStore keyStore;
        private char[] keyStorePassword;
        private List<Path> trustPems = List.of();
        private KeyStore trustStore;
        private SSLContext context;

        private Builder(boolean client) {
            this.client = client;
        }

        /** Our certificate chain and key (a server's, or a client certificate), as PEM files. */
        public Builder keyPem(Path certificateChainPem, Path privateKeyPem) {
            this.certPem = Objects.requireNonNull(certificateChainPem);
            this.keyPem = Objects.requireNonNull(privateKeyPem);
            return this;
        }

        public Builder keyStore(KeyStore store, char[] password) {
            this.keyStore = store;
            this.keyStorePassword = password.clone();
            return this;
        }

        /** Trust only the CA certificates in these PEM files (instead of the JDK's). */
        public Builder trustPem(Path... caPems) {
            this.trustPems = List.of(caPems);
            return this;
        }

        public Builder trustStore(KeyStore store) {
            this.trustStore = store;
            return this;
        }

        /** Use this context as it is (its key and trust managers); the other key/trust settings are ignored. */
        public Builder context(SSLContext context) {
            this.context = context;
            return this;
        }

        /** The TLS versions to offer or accept, e.g. {@code "TLSv1.3"}. Default TLS 1.3 and 1.2. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        /**
         * The cipher suites to offer or accept, in preference order (default: the JDK's AEAD suites).
         * To accept the JDK's whole default list, CBC suites included, pass
         * {@link TlsConfig#jdkDefaultCipherSuites()}.
         */
        public Builder cipherSuites(List<String> suites) {
            if (suites.isEmpty()) {
                throw new IllegalArgumentException("at least one cipher suite is needed");
            }
            this.cipherSuites = List.copyOf(suites);
            return this;
        }

        /** ALPN: a client's offer, in preference order, or what a server accepts. */
        public Builder applicationProtocols(String... protocols) {
            this.applicationProtocols = List.of(protocols);
            return this;
        }

        /**
         * Whether a client checks that the server's certificate names the host it connected to.
         * On by default; the certificate chain is checked either way.
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Whether a server asks clients for a certificate (checked against {@link #trustPem}). */
        public Builder clientAuth(ClientAuth auth) {
            this.clientAuth = auth;
            return this;
        }

        public TlsConfig build() throws IOException, GeneralSecurityException {
            SSLContext ctx = context;
            if (ctx == null) {
                ctx = SSLContext.getInstance("TLS");
                ctx.init(keyManagers(), trustManagers(), null);
            }
            if (!client && context == null && certPem == null && keyStore == null) {
                throw new IllegalStateException("a TLS server needs a certificate and key: "
                        + "TlsConfig.server(certPem, keyPem), keyStore(...) or context(...)");
            }
            return new TlsConfig(this, ctx);
        }

        private javax.net.ssl.KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
            KeyStore ks = keyStore;
            char[] pw = keyStorePassword;
            if (certPem != null) {
                List<X509Certificate> chain = Pem.certificates(certPem);
                PrivateKey key = Pem.privateKey(keyPem);
                pw = new char[0];
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, pw, chain.toArray(X509Certificate[]::new));
            }
            if (ks == null) {
                return null;
            }
            // PKIX ("NewSunX509") picks the entry that matches the requested server name (SNI).
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        }

        private javax.net.ssl.TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
            KeyStore ts = trustStore;
            if (!trustPems.isEmpty()) {
                ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (Path p : trustPems) {
                    for (X509Certificate c : Pem.certificates(p)) {
                        ts.setCertificateEntry("ca-" + i++, c);
                    }
                }
            }
            if (ts == null) {
                return null; // the JDK's default trust (cacerts)
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf.getTrustManagers();
        }
    }
}
