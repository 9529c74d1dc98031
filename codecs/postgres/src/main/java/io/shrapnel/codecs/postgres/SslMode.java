package io.shrapnel.codecs.postgres;

/** Whether and how to use TLS, as libpq's {@code sslmode}. */
public enum SslMode {
    /** Plain TCP only. */
    DISABLE,
    /** TLS if the server offers it, else plain TCP (certificate not verified: no protection from a man in the middle). */
    PREFER,
    /** TLS or fail; the certificate is not verified (encryption without authentication of the server). */
    REQUIRE,
    /** TLS or fail; the certificate chain must be trusted by the {@code TlsConfig} and name the host. */
    VERIFY_FULL
}
