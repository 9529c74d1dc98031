package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS pieces of sslmode: a configuration that encrypts without checking the certificate
 * (libpq's {@code require}/{@code prefer}), and the tls-server-end-point channel binding data.
 * Stateless.
 */
public final class TlsTrust {
    private TlsTrust() {}

    private static volatile TlsConfig unverified;

    /** Encryption without authentication of the server, as libpq's sslmode=require. */
    public static TlsConfig unverified() throws IOException {
        TlsConfig c = unverified;
        if (c == null) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new AnyCertificate()}, null);
                c = TlsConfig.client().context(ctx).verifyHostname(false).build();
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS: " + e, e);
            }
            unverified = c;
        }
        return c;
    }

    /**
     * RFC 5929 tls-server-end-point: the hash of the server's certificate with the hash of its
     * signature algorithm, SHA-256 when that is MD5 or SHA-1.
     */
    public static byte[] serverEndPoint(X509Certificate cert) throws IOException {
        String sig = cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        String hash = sig.startsWith("SHA384") ? "SHA-384" : sig.startsWith("SHA512") ? "SHA-512" : "SHA-256";
        try {
            return MessageDigest.getInstance(hash).digest(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot hash the server certificate for channel binding: " + e, e);
        }
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

}
