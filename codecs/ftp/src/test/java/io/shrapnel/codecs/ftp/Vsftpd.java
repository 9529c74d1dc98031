package io.shrapnel.codecs.ftp;

import java.nio.file.Path;

/**
 * A real vsftpd that requires TLS and TLS session reuse on data connections
 * ({@code require_ssl_reuse=YES}), run by the project's {@code servers/ftp-vsftpd.sh run} as a
 * child of the test JVM: anonymous login, {@code /hello.txt} and an upload directory {@code /up},
 * control port the first free of 20030..20039, passive ports 20170..20179. Started once per JVM,
 * stopped (with every session process it forked) when the JVM exits; dies with the JVM even when it
 * is killed ({@code setpriv --pdeathsig}). The script unpacks Debian's vsftpd package once when it
 * is not installed (it conflicts with pure-ftpd); fails, never skips, when that is impossible.
 *
 * <p>Threading: {@link #shared()} is synchronized; the rest is immutable.
 */
final class Vsftpd {
    private static Vsftpd shared;

    private final PureFtpd.Launched launched;

    private Vsftpd(PureFtpd.Launched launched) {
        this.launched = launched;
    }

    static synchronized Vsftpd shared() throws Exception {
        if (shared == null) {
            Vsftpd v = new Vsftpd(PureFtpd.launch("ftp-vsftpd.sh", 20030, 20039, 20170, 20179));
            shared = v;
            Runtime.getRuntime().addShutdownHook(new Thread(v::stop, "vsftpd-stop"));
        }
        return shared;
    }

    int port() {
        return launched.port();
    }

    /** The self-signed server certificate (CN localhost, IP 127.0.0.1). */
    Path certificate() {
        return launched.dir().resolve("server.crt");
    }

    /** The directory clients see as "/". */
    Path root() {
        return launched.dir().resolve("root");
    }

    private void stop() {
        PureFtpd.stop(launched.process());
        PureFtpd.deleteTree(launched.dir());
    }
}
