package io.shrapnel.codecs.ftp;

import io.shrapnel.codecs.ftp.internal.Jail;
import io.shrapnel.codecs.ftp.internal.ServerSession;
import io.shrapnel.codecs.ftp.internal.ServerSettings;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * A small FTP server on coros that serves one directory: a coro per client, passive data
 * connections only, explicit TLS when given a {@link TlsConfig}, users checked by a callback.
 *
 * <pre>{@code
 * FtpServer server = FtpServer.builder(Path.of("/srv/files"))
 *         .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 2121))
 *         .users((user, password) -> user.equals("demo") && password.equals("secret"))
 *         .tls(TlsConfig.server(cert, key).build())
 *         .passivePorts(20150, 20199)
 *         .start();                         // from a coro: the acceptor runs on this loop
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Clients see the directory as "/" and nothing above it: ".." stops at the root, names with NUL
 * are refused, and a symbolic link is followed only if it stays inside the directory. A passive
 * data connection is accepted only from the address of its control connection. Commands: USER,
 * PASS, AUTH TLS, PBSZ, PROT, FEAT, OPTS UTF8, SYST, NOOP, QUIT, PWD, CWD, CDUP, TYPE, MODE, STRU,
 * PASV, EPSV, LIST, NLST, MLSD, RETR, STOR, APPE, REST, SIZE, MDTM, DELE, MKD, RMD, RNFR, RNTO.
 * Transfers are binary whatever TYPE says.
 *
 * <p>Threading: {@link Builder#start()} from a coro; the acceptor and the sessions run on that
 * coro's loop, which alone touches the table of sessions. {@link #close()} from a coro of that loop.
 */
public final class FtpServer implements AutoCloseable {
    private final TcpSock listener;
    private final Map<Coro, TcpSock> sessions = new HashMap<>();
    private Coro acceptor;

    private FtpServer(TcpSock listener) {
        this.listener = listener;
    }

    /** A server for the directory {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** Where it listens. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.localAddress();
    }

    /** How many clients are connected now. */
    public int sessions() {
        return sessions.size();
    }

    /** Stops accepting, closes every session's connection, and waits until their coros have ended. */
    @Override
    public void close() throws IOException {
        listener.close();
        acceptor.join();
        for (Map.Entry<Coro, TcpSock> e : List.copyOf(sessions.entrySet())) {
            e.getValue().close();
            e.getKey().join();
        }
    }

    private void accept(ServerSettings settings) {
        while (true) {
            TcpSock conn;
            try {
                conn = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Coro session = Coro.create(Coro.current().scheduler(), "ftp-session", () -> {
                try {
                    new ServerSession(settings, conn).serve();
                } catch (IOException e) {
                    // the client went away or broke the protocol: its session ends, the server goes on
                } finally {
                    sessions.remove(Coro.current());
                }
            });
            sessions.put(session, conn);
            session.start();
        }
    }

    /**
     * Configures and starts a server.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private final Path root;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2121);
        private BiPredicate<String, String> users = (u, p) -> false;
        private TlsConfig tls;
        private TlsConfig dataTls;
        private boolean requireTls;
        private int passiveFrom = 20150;
        private int passiveTo = 20199;
        private Duration idle = Duration.ofMinutes(5);

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** Where to listen (default 127.0.0.1:2121). */
        public Builder address(InetSocketAddress address) {
            this.address = address;
            return this;
        }

        /** Who may log in: called with the user name and password in the session's coro (may park it). */
        public Builder users(BiPredicate<String, String> users) {
            this.users = users;
            return this;
        }

        /** Offers AUTH TLS with this configuration (a server one). */
        public Builder tls(TlsConfig tls) {
            if (tls.isClient()) {
                throw new IllegalArgumentException("FtpServer needs a server TLS configuration: TlsConfig.server(cert, key)");
            }
            this.tls = tls;
            return this;
        }

        /**
         * The TLS configuration of protected data connections (default: {@link #tls}'s). Why one
         * would differ: a TLS 1.3 server sends a session ticket after the handshake, and a client that
         * only writes (curl's FTPS upload) never reads it; its kernel then answers the close with a
         * reset that drops the file's last bytes, and the upload fails with 426. A data configuration
         * limited to TLS 1.2 ({@code .protocols("TLSv1.2")}), or {@code -Djdk.tls.server.newSessionTicketCount=0}
         * for the whole JVM, avoids it.
         */
        public Builder dataTls(TlsConfig dataTls) {
            if (dataTls.isClient()) {
                throw new IllegalArgumentException("FtpServer needs a server TLS configuration: TlsConfig.server(cert, key)");
            }
            this.dataTls = dataTls;
            return this;
        }

        /** Refuses USER before AUTH TLS and transfers before PROT P. Needs {@link #tls}. */
        public Builder requireTls(boolean require) {
            this.requireTls = require;
            return this;
        }

        /** The ports passive data connections listen on (default 20150..20199; keep them below 32768). */
        public Builder passivePorts(int from, int to) {
            if (from < 1 || to < from || to > 65535) {
                throw new IllegalArgumentException("passive ports need 1 <= from <= to <= 65535, not " + from + ".." + to);
            }
            this.passiveFrom = from;
            this.passiveTo = to;
            return this;
        }

        /** How long a session waits for a command, a data connection or a block of data (default 5 min). */
        public Builder idleTimeout(Duration idle) {
            this.idle = idle;
            return this;
        }

        /** Binds, then accepts in a coro on the current loop; each client gets a coro of its own. */
        public FtpServer start() throws IOException {
            if (requireTls && tls == null) {
                throw new IllegalStateException("requireTls(true) needs tls(config) too");
            }
            ServerSettings settings = new ServerSettings(new Jail(root), users, tls, dataTls != null ? dataTls : tls, requireTls, passiveFrom, passiveTo, idle);
            TcpSock listener = TcpSock.create();
            try {
                listener.bind(address);
                listener.listen(128);
            } catch (IOException e) {
                listener.close();
                throw e;
            }
            FtpServer server = new FtpServer(listener);
            server.acceptor = Coro.spawn("ftp-accept", () -> server.accept(settings));
            return server;
        }
    }
}
