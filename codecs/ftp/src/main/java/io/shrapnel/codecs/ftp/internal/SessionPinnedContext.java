package io.shrapnel.codecs.ftp.internal;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose client engines all look up and store their sessions under one peer
 * port, the control connection's: the JDK's client session cache is keyed by host and port, so a
 * data connection (another port) made through this context offers the control connection's session
 * for resumption, as servers with {@code require_ssl_reuse} (vsftpd) demand. Everything else is the
 * wrapped context's (key and trust managers, session caches, parameters).
 *
 * <p>Threading: immutable; safe from any thread, like the wrapped context.
 */
public final class SessionPinnedContext extends SSLContext {

    /** Wraps {@code context} (initialised) so that every client engine it makes uses {@code port}. */
    public SessionPinnedContext(SSLContext context, int port) {
        super(new Spi(context, port), context.getProvider(), context.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext context;
        private final int port;

        Spi(SSLContext context, int port) {
            this.context = context;
            this.port = port;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("initialise the wrapped context, not the session-pinned one");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int ignoredPort) {
            return context.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context.getSupportedSSLParameters();
        }
    }
}
