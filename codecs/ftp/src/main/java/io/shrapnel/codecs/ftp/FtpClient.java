package io.shrapnel.codecs.ftp;

import io.shrapnel.codecs.ftp.internal.Control;
import io.shrapnel.codecs.ftp.internal.DataConnector;
import io.shrapnel.codecs.ftp.internal.Deadline;
import io.shrapnel.codecs.ftp.internal.LineReader;
import io.shrapnel.codecs.ftp.internal.ListParser;
import io.shrapnel.codecs.ftp.internal.MlsdParser;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Mutex;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An FTP client (RFC 959, 2228/4217 explicit TLS, 2428, 3659) on coros: every call parks only the
 * calling coro.
 *
 * <pre>{@code
 * try (FtpClient ftp = FtpClient.connect("127.0.0.1", 21)) {
 *     ftp.startTls(TlsConfig.client().trustPem(ca).build(), "localhost");   // optional: AUTH TLS, PBSZ 0, PROT P
 *     ftp.login("user", "secret");
 *     for (FtpEntry e : ftp.mlsd("/")) { ... }
 *     try (OutputStream out = Files.newOutputStream(local)) {
 *         ftp.retrieve("big.iso", out);                                   // streamed, never whole in memory
 *     }
 * }
 * }</pre>
 *
 * <p>Transfers are binary (TYPE I). Data connections are extended passive by default
 * ({@link #dataMode(DataMode)}). A download whose data connection ends before all the bytes came
 * fails with an {@link FtpException} whose {@link FtpException#truncated()} is true: the client
 * compares the count with SIZE when the server offers it, and with TLS requires the data
 * connection's close_notify. Every wait for the server is bounded by {@link #timeout(Duration)}.
 * A refusal carries the server's reply ({@link FtpException#code()}); a protocol error or a
 * timeout closes the connection.
 *
 * <p>Threading: use a client from the coros of one loop; commands from several coros run one at a
 * time (a mutex), a transfer holds the connection until its final reply.
 */
public final class FtpClient implements Closeable {
    private static final int BLOCK = 64 * 1024;

    private final Control control;
    private final Mutex lock = new Mutex();
    private final FtpReply greeting;
    private final String host;
    private DataConnector connector;
    private DataMode mode = DataMode.EPSV;
    private int[] activePorts = {0, 0};
    private TlsConfig dataTls;
    private String serverName;
    private Set<String> features;
    private boolean binary;
    private Coro keepAlive;
    private long lastCommand;

    private FtpClient(Control control, FtpReply greeting, String host) {
        this.control = control;
        this.greeting = greeting;
        this.host = host;
    }

    /** Connects to {@code host:port} and reads the greeting; waits at most 30 s for each step. */
    public static FtpClient connect(String host, int port) throws IOException {
        return connect(host, port, Duration.ofSeconds(30));
    }

    /** Connects with {@code timeout} for the connection, the greeting, and later every reply. */
    public static FtpClient connect(String host, int port, Duration timeout) throws IOException {
        TcpSock sock = TcpSock.create();
        try {
            Deadline.within(timeout, "connecting to " + host + ":" + port, () -> {
                sock.connect(host, port);
                return null;
            });
            Control c = new Control(sock, timeout);
            FtpReply hello = c.read();
            while (hello.isPreliminary()) { // 120: "service ready in nnn minutes"
                hello = c.read();
            }
            if (hello.code() != 220) {
                throw new FtpException("greeting", hello);
            }
            return new FtpClient(c, hello, host);
        } catch (IOException | RuntimeException | Error e) {
            sock.close();
            throw e;
        }
    }

    /** The server's 220 greeting. */
    public FtpReply greeting() {
        return greeting;
    }

    /** Bounds every later wait for the server (a reply, a data connection, a block of data). */
    public FtpClient timeout(Duration timeout) {
        control.timeout(timeout);
        return this;
    }

    /** How data connections are set up from now on. */
    public FtpClient dataMode(DataMode mode) {
        this.mode = mode;
        return this;
    }

    /** The ports active modes listen in, {@code from..to} (default: any port the system picks). */
    public FtpClient activePorts(int from, int to) {
        if (from < 0 || to < from || to > 65535) {
            throw new IllegalArgumentException("active ports need 0 <= from <= to <= 65535, not " + from + ".." + to);
        }
        this.activePorts = new int[] {from, to};
        return this;
    }

    /**
     * Explicit TLS (RFC 4217): AUTH TLS, the handshake, then PBSZ 0 and PROT P so that data
     * connections are protected too. Call it before {@link #login} so the password is encrypted.
     * {@code serverName} is the name the server's certificate must carry. Every data connection
     * offers the control connection's TLS session for resumption, as servers that require session
     * reuse demand (vsftpd's {@code require_ssl_reuse}, FileZilla Server).
     */
    public void startTls(TlsConfig config, String serverName) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            FtpReply r = exchange("AUTH TLS");
            if (r.code() != 234) {
                throw new FtpException("AUTH TLS", r);
            }
            TlsSock tls = TlsSock.client((TcpSock) control.conn(), config, serverName);
            try {
                Deadline.within(control.timeout(), "TLS handshake", () -> {
                    tls.handshake();
                    return null;
                });
            } catch (IOException | RuntimeException | Error e) {
                tls.close();
                throw e;
            }
            control.upgrade(tls);
            expect("PBSZ 0", 200);
            expect("PROT P", 200);
            this.dataTls = config;
            this.serverName = serverName;
        }
    }

    /** USER and PASS (and ACCT is not supported: a 332 fails). */
    public void login(String user, String password) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            FtpReply r = exchange("USER " + user);
            if (r.code() == 331) {
                r = exchange("PASS " + password);
            }
            if (r.code() != 230 && r.code() != 202) {
                throw new FtpException("login as " + user, r);
            }
            features = null; // some servers tell more after login
        }
    }

    /** FEAT (RFC 2389): the features, upper-case verb first ("SIZE", "MLST type*;size*;", "UTF8"); cached. */
    public Set<String> features() throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            if (features == null) {
                FtpReply r = exchange("FEAT");
                Set<String> f = new LinkedHashSet<>();
                if (r.code() == 211) {
                    for (int i = 1; i < r.lines().size() - 1; i++) {
                        String line = r.lines().get(i).strip();
                        if (!line.isEmpty()) {
                            int sp = line.indexOf(' ');
                            f.add(sp < 0 ? line.toUpperCase(Locale.ROOT)
                                    : line.substring(0, sp).toUpperCase(Locale.ROOT) + line.substring(sp));
                        }
                    }
                }
                features = Set.copyOf(f);
            }
            return features;
        }
    }

    /** Whether FEAT lists {@code verb} (e.g. "MLST", "SIZE", "EPSV"). */
    public boolean supports(String verb) throws IOException {
        String v = verb.toUpperCase(Locale.ROOT);
        for (String f : features()) {
            if (f.equals(v) || f.startsWith(v + " ")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks for UTF-8 path names (OPTS UTF8 ON). The client always sends and reads names as UTF-8;
     * this tells a server that converts charsets. Returns whether names are UTF-8: the server
     * agreed, or it lists UTF8 in FEAT (RFC 2640 servers such as pure-ftpd that pass names as they
     * are answer OPTS with 504 and still mean it).
     */
    public boolean utf8() throws IOException {
        return command("OPTS UTF8 ON").isComplete() || supports("UTF8");
    }

    /** NOOP: keeps the control connection alive and checks that the server answers. */
    public void noop() throws IOException {
        check("NOOP", command("NOOP"), 200);
    }

    /**
     * Sends NOOP whenever the control connection has been idle for {@code every} (while no transfer
     * runs), from a coro of this loop that ends with {@link #close()}.
     */
    public void keepAlive(Duration every) {
        if (keepAlive != null) {
            keepAlive.shutdown();
        }
        keepAlive = Coro.spawn("ftp-keepalive", () -> {
            while (true) {
                Coro.sleep(every);
                if (Coro.now() - lastCommand >= every.toNanos() && lock.tryLock()) {
                    try {
                        check("NOOP", exchange("NOOP"), 200);
                    } catch (IOException e) {
                        return; // the connection is gone or refuses NOOP: nothing left to keep alive
                    } finally {
                        lock.unlock();
                    }
                }
            }
        });
    }

    /** Sends any command and returns its final reply (after 1xx replies), whatever its code. */
    public FtpReply command(String command) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            FtpReply r = exchange(command);
            while (r.isPreliminary()) {
                r = control.read();
            }
            return r;
        }
    }

    public String pwd() throws IOException {
        FtpReply r = check("PWD", command("PWD"), 257);
        String t = r.text();
        int open = t.indexOf('"');
        int close = t.lastIndexOf('"');
        return open >= 0 && close > open ? t.substring(open + 1, close).replace("\"\"", "\"") : t;
    }

    public void cwd(String dir) throws IOException {
        check("CWD", command("CWD " + dir), 250);
    }

    public void mkdir(String dir) throws IOException {
        check("MKD", command("MKD " + dir), 257);
    }

    public void rmdir(String dir) throws IOException {
        check("RMD", command("RMD " + dir), 250);
    }

    public void delete(String file) throws IOException {
        check("DELE", command("DELE " + file), 250);
    }

    /** RNFR then RNTO. */
    public void rename(String from, String to) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            check("RNFR", exchange("RNFR " + from), 350);
            check("RNTO", exchange("RNTO " + to), 250);
        }
    }

    /** SIZE (RFC 3659) in binary mode: the byte count of a file. */
    public long size(String file) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            binary();
            return parseCount(check("SIZE", exchange("SIZE " + file), 213));
        }
    }

    /** MDTM (RFC 3659): when a file was last modified. */
    public Instant modificationTime(String file) throws IOException {
        FtpReply r = check("MDTM", command("MDTM " + file), 213);
        Instant t = MlsdParser.timeOf(r.text().strip());
        if (t == null) {
            throw new FtpProtocolException("an MDTM reply that is not a time: " + r);
        }
        return t;
    }

    /** LIST, each line parsed ({@link FtpEntry}); lines that are not entries ("total 8") are left out. */
    public List<FtpEntry> list(String dir) throws IOException {
        List<FtpEntry> out = new ArrayList<>();
        Instant now = Instant.now();
        for (String line : lines(dir == null ? "LIST" : "LIST " + dir)) {
            FtpEntry e = ListParser.parse(line, now);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** NLST: the names only (without "." and ".."). */
    public List<String> names(String dir) throws IOException {
        List<String> out = new ArrayList<>(lines(dir == null ? "NLST" : "NLST " + dir));
        out.removeIf(n -> n.equals(".") || n.equals(".."));
        return out;
    }

    /** MLSD (RFC 3659): exact facts; the entries for the directory itself and its parent are left out. */
    public List<FtpEntry> mlsd(String dir) throws IOException {
        List<FtpEntry> out = new ArrayList<>();
        for (String line : lines(dir == null ? "MLSD" : "MLSD " + dir)) {
            FtpEntry e = MlsdParser.parse(line);
            String type = e.facts().getOrDefault("type", "");
            if (!type.equalsIgnoreCase("cdir") && !type.equalsIgnoreCase("pdir")) {
                out.add(e);
            }
        }
        return out;
    }

    /** Downloads {@code file} into {@code out}; returns the byte count. */
    public long retrieve(String file, OutputStream out) throws IOException {
        return retrieve(file, 0, out);
    }

    /**
     * Downloads {@code file} from byte {@code offset} on (REST, to resume) into {@code out}, a block
     * at a time; returns the byte count.
     *
     * @throws FtpException with {@link FtpException#truncated()} when fewer bytes arrived than the
     *         file holds, or the server reported a failed transfer
     */
    public long retrieve(String file, long offset, OutputStream out) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            long expected = -1;
            if (hasFeature("SIZE")) {
                binary();
                FtpReply r = exchange("SIZE " + file);
                if (r.code() == 213) {
                    expected = parseCount(r) - offset;
                }
            }
            return new Transfer(control, "RETR", expected).download(open("RETR " + file, offset), out);
        }
    }

    /** Uploads {@code in} (to its end) as {@code file}, replacing it; returns the byte count. */
    public long store(String file, InputStream in) throws IOException {
        return upload("STOR " + file, 0, in);
    }

    /** Uploads {@code in} into {@code file} from byte {@code offset} on (REST + STOR, to resume an upload). */
    public long store(String file, long offset, InputStream in) throws IOException {
        return upload("STOR " + file, offset, in);
    }

    /** Appends {@code in} to {@code file} (APPE). */
    public long append(String file, InputStream in) throws IOException {
        return upload("APPE " + file, 0, in);
    }

    private long upload(String command, long offset, InputStream in) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            return new Transfer(control, command, -1).upload(open(command, offset), in);
        }
    }

    private List<String> lines(String command) throws IOException {
        try (Mutex.Hold h = lock.lock()) {
            DataConnector.Opened o = open(command, 0);
            List<String> out = new ArrayList<>();
            try (Conn data = o.conn()) {
                LineReader r = new LineReader(data, 64 * 1024);
                for (String line; (line = Deadline.within(control.timeout(), "reading a listing", r::readLine)) != null; ) {
                    out.add(line);
                }
            }
            new Transfer(control, command, -1).finish(out.size(), o.conn());
            return out;
        }
    }

    /** TYPE I, REST, then the data connection for {@code command}; the caller holds the lock. */
    private DataConnector.Opened open(String command, long offset) throws IOException {
        binary();
        if (connector == null) {
            connector = new DataConnector(control);
        }
        if (offset > 0) {
            check("REST", exchange("REST " + offset), 350);
        }
        try {
            return connector.open(mode.name(), command, dataTls, serverName, activePorts);
        } catch (FtpException e) {
            if (mode == DataMode.EPSV && e.getMessage().startsWith("EPSV") && e.code() >= 500) {
                mode = DataMode.PASV; // an old server: remember, and ask the old way
                return connector.open(mode.name(), command, dataTls, serverName, activePorts);
            }
            throw e;
        }
    }

    private boolean hasFeature(String verb) throws IOException {
        lock.lock(); // re-entrant: the caller holds it already
        try {
            return supports(verb);
        } finally {
            lock.unlock();
        }
    }

    private void binary() throws IOException {
        if (!binary) {
            check("TYPE I", exchange("TYPE I"), 200);
            binary = true;
        }
    }

    private FtpReply exchange(String command) throws IOException {
        lastCommand = Coro.now();
        control.send(command);
        return control.read();
    }

    private void expect(String command, int code) throws IOException {
        check(command, exchange(command), code);
    }

    private static FtpReply check(String command, FtpReply r, int code) throws FtpException {
        if (r.code() != code) {
            throw new FtpException(command, r);
        }
        return r;
    }

    private static long parseCount(FtpReply r) throws FtpProtocolException {
        try {
            return Long.parseLong(r.text().strip());
        } catch (NumberFormatException e) {
            throw new FtpProtocolException("a SIZE reply that is not a number: " + r);
        }
    }

    /** QUIT (politely, if the connection still works), then closes. */
    @Override
    public void close() throws IOException {
        if (keepAlive != null) {
            keepAlive.shutdown();
            keepAlive.join(); // a NOOP in flight lets go of the lock as it unwinds
            keepAlive = null;
        }
        try {
            if (lock.tryLock()) {
                try {
                    exchange("QUIT");
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // already broken: closing is all that is left
        } finally {
            control.close();
        }
    }

    @Override
    public String toString() {
        return "FtpClient[" + host + "]";
    }
}
