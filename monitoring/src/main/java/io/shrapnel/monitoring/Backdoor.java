package io.shrapnel.monitoring;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.internal.backdoor.ConsoleRouting;
import io.shrapnel.monitoring.internal.backdoor.Session;
import io.shrapnel.monitoring.internal.backdoor.SessionSettings;
import io.shrapnel.monitoring.internal.backdoor.SessionSlots;
import io.shrapnel.monitoring.internal.backdoor.UnixSocketFile;
import io.shrapnel.net.StreamSock;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.UnixSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The backdoor: a Java REPL inside the running process, over a socket. Each connection gets its own
 * JShell session evaluating in this JVM, with the project's and the application's classes, so you
 * can look around a live server: {@code Coro.whereAll()}, inspect objects, spawn coros, call
 * {@code Coro.setExit(0)}.
 *
 * <pre>{@code
 * Backdoor.unix(Path.of("/tmp/xx.bd")).start();      // the tutorial's t0
 * Coro.eventLoop();
 * }</pre>
 *
 * then {@code nc -U /tmp/xx.bd} or {@code socat - UNIX-CONNECT:/tmp/xx.bd}. Over TCP
 * (loopback only, and only with a token: {@code Backdoor.tcp(9999, token).start()}), {@code telnet
 * 127.0.0.1 9999} works too; the first line a client sends must be the token.
 *
 * <p>Every session: {@code >>> } prompts, {@code ... } while a snippet is incomplete; an empty line
 * ends a snippet that could be complete; {@code System.out}/{@code System.err} of what it runs come
 * back to it (coros it spawns print to the console, like any coro); Ctrl-C (the byte 0x03, telnet's
 * IAC IP; at a terminal running nc, Ctrl-V Ctrl-C Enter) stops the running snippet and drops the line
 * being typed; Ctrl-D on an empty line or end
 * of stream ends the session: what was sent before is still answered, for {@link #inputEndGrace} at
 * most, then the snippet running is stopped as by Ctrl-C (a closed connection stops it at once). Snippets run on the session's own platform thread, never on a loop:
 * a long one does not freeze anything, and one that blocks can be stopped. Variables: {@code loop}
 * is the backdoor's loop ({@code Coro.spawnOn(loop, ...)}; {@code Coro.spawn} from the REPL goes to
 * the default loop).
 *
 * <p>Security: nothing listens unless the application asks. The Unix socket has mode 0600 and only
 * clients of the same user (or root) are served; a stale socket file is replaced, a live one or any
 * other file is not. TCP listens on loopback addresses only and serves only clients that send the
 * token (at least 16 characters; {@link #newToken()} makes one) within {@link #tokenPatience}; a
 * client without it never holds a session slot (the one that waited longest makes room for a new
 * one), telnet negotiations are answered once per option, and a client that stops reading is closed
 * after {@link #writeTimeout}. A session counts against {@link #maxSessions} until its snippet has
 * stopped and its thread is gone. Where it listens is logged.
 *
 * <p>Threading: configure on one thread; {@link Listening#close()} from any thread.
 */
public final class Backdoor {
    private static final int BACKLOG = 16;
    private static final int MIN_TOKEN = 16;
    private static final List<String> IMPORTS = List.of("java.util.*", "java.util.concurrent.*", "java.time.*",
            "java.nio.file.*", "io.shrapnel.kernel.*", "io.shrapnel.net.*", "io.shrapnel.mailbox.*",
            "io.shrapnel.monitoring.*");

    private final Path unixPath;
    private final InetSocketAddress tcpAddress;
    private final String token;
    private final List<String> imports = new ArrayList<>(IMPORTS);
    private String welcome;
    private ClassLoader classLoader;
    private String classPath = System.getProperty("java.class.path");
    private int maxSessions = 8;
    private Duration tokenPatience = Duration.ofSeconds(10);
    private Duration inputEndGrace = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(60);

    private Backdoor(Path unixPath, InetSocketAddress tcpAddress, String token) {
        this.unixPath = unixPath;
        this.tcpAddress = tcpAddress;
        this.token = token;
    }

    /** A backdoor on the Unix-domain socket {@code path} (mode 0600). */
    public static Backdoor unix(Path path) {
        return new Backdoor(Objects.requireNonNull(path, "path"), null, null);
    }

    /** A backdoor on 127.0.0.1:{@code port} (0: a free port) for clients that send {@code token} first. */
    public static Backdoor tcp(int port, String token) {
        return tcp(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port), token);
    }

    /** A backdoor on the loopback address {@code address} for clients that send {@code token} first. */
    public static Backdoor tcp(InetSocketAddress address, String token) {
        if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the backdoor listens on loopback addresses only, not " + address
                    + "; to reach it from another machine, tunnel it (ssh -L 9999:127.0.0.1:9999 host)");
        }
        if (token == null || token.length() < MIN_TOKEN || token.isBlank()) {
            throw new IllegalArgumentException("a TCP backdoor needs a token of at least " + MIN_TOKEN
                    + " characters (Backdoor.newToken() makes one); use Backdoor.unix(path) for a socket only "
                    + "this user can open");
        }
        return new Backdoor(null, address, token);
    }

    /** A random token: 32 hex digits (128 bits). */
    public static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Also imports {@code imports} in every session (e.g. {@code "com.example.app.*"}). */
    public Backdoor imports(String... imports) {
        this.imports.addAll(List.of(imports));
        return this;
    }

    /** A message shown after the banner of every session. */
    public Backdoor welcome(String message) {
        this.welcome = message;
        return this;
    }

    /**
     * The loader whose classes snippets see (default: the context class loader of the thread that
     * starts the backdoor) and the class path they are compiled against (default: {@code java.class.path}).
     */
    public Backdoor classes(ClassLoader loader, String classPath) {
        this.classLoader = Objects.requireNonNull(loader, "loader");
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        return this;
    }

    /**
     * At most {@code n} REPLs at once (default 8; each holds a JShell, tens of MB); more are turned
     * away. A session counts until its snippet has stopped and its thread is gone, not only until its
     * client left.
     */
    public Backdoor maxSessions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, not " + n);
        }
        this.maxSessions = n;
        return this;
    }

    /**
     * How long a TCP client has to send its token (default 10 s); then it is closed, whatever it
     * sent or left unread. Unauthenticated clients also never hold a session slot: when as many are
     * waiting as {@link #maxSessions} allows, a new one closes the one that waited longest.
     */
    public Backdoor tokenPatience(Duration d) {
        this.tokenPatience = positive(d, "tokenPatience");
        return this;
    }

    /**
     * How long one snippet may still run once a client's input ended (end of stream or Ctrl-D;
     * default 10 s): lines sent before it are evaluated and answered, as {@code echo ... | nc -U}
     * expects, each in turn, but a snippet (or the REPL's start) that runs longer than this without
     * finishing is stopped as by Ctrl-C and the session ends. A client whose
     * connection closes or breaks has its snippet stopped at once.
     */
    public Backdoor inputEndGrace(Duration d) {
        this.inputEndGrace = positive(d, "inputEndGrace");
        return this;
    }

    /** How long one write may wait for a client that does not read (default 60 s); then its session is closed. */
    public Backdoor writeTimeout(Duration d) {
        this.writeTimeout = positive(d, "writeTimeout");
        return this;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, not " + d);
        }
        return d;
    }

    /**
     * Listens now and spawns the coro that accepts clients on the current loop (the default loop
     * outside coros; it accepts once that loop runs). Logs where it listens.
     */
    public Listening start() throws IOException {
        return startOn(Scheduler.current());
    }

    /** Listens now and spawns the coro that accepts clients on {@code loop}. Any thread. */
    public Listening startOn(Scheduler loop) throws IOException {
        Listening l = listen(loop);
        Coro.spawnOn(loop, "backdoor", l::acceptLoop);
        return l;
    }

    /** Listens and accepts clients in the calling coro until the backdoor is closed or the coro shut down. */
    public void serve() throws IOException {
        Coro self = Coro.current();
        if (self == null) {
            throw new IllegalStateException("Backdoor.serve() accepts in the calling coro: call it inside one "
                    + "(Coro.spawn(() -> backdoor.serve())), or call start() instead");
        }
        listen(self.scheduler()).acceptLoop();
    }

    /** The tutorial's form: {@code Coro.spawn(() -> Backdoor.serve(Path.of("/tmp/xx.bd")))}. */
    public static void serve(Path unixPath) throws IOException {
        unix(unixPath).serve();
    }

    private Listening listen(Scheduler loop) throws IOException {
        ConsoleRouting.install();
        ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Backdoor.class.getClassLoader();
        }
        List<String> preamble = new ArrayList<>();
        imports.forEach(i -> preamble.add("import " + i + ";"));
        preamble.add("Scheduler loop = Backdoor.loop();");
        StreamSock<?> listener;
        UnixSocketFile file = null;
        String where;
        if (unixPath != null) {
            UnixSock[] sock = new UnixSock[1];
            file = UnixSocketFile.listen(unixPath, BACKLOG, sock);
            listener = sock[0];
            where = "unix socket " + file.path() + " (mode 0600)";
        } else {
            TcpSock sock = TcpSock.create();
            sock.bind(tcpAddress);
            sock.listen(BACKLOG);
            listener = sock;
            where = sock.localAddress() + " (TCP, token required)";
        }
        String banner = "Shrapnel backdoor: Java " + Runtime.version() + " in process " + ProcessHandle.current().pid()
                + ". Imported: " + String.join(", ", imports) + ". 'loop' is loop " + loop.name() + "."
                + "\nCtrl-C stops a snippet, Ctrl-D on an empty line ends the session."
                + (welcome != null ? "\n" + welcome : "");
        Listening l = new Listening(listener, file, loop, where,
                new SessionSettings(token, banner, preamble, loader, classPath, tokenPatience, inputEndGrace, writeTimeout),
                maxSessions);
        Coro.printStderr("backdoor listening on " + where);
        return l;
    }

    /** The loop of the backdoor session this runs in (the REPL's {@code loop} variable); null outside sessions. */
    public static Scheduler loop() {
        return Session.loopOfCurrentThread();
    }

    /**
     * A listening backdoor: where it listens, and {@link #close()} to stop it (sessions too).
     *
     * <p>Threading: any thread.
     */
    public static final class Listening implements AutoCloseable, SessionSlots {
        private final StreamSock<?> listener;
        private final UnixSocketFile file;
        private final Scheduler loop;
        private final String where;
        private final SessionSettings settings;
        private final int maxSessions;
        /** Every session until it is gone, REPL or not; in the order they came (ids grow). */
        private final Set<Session> sessions = new ConcurrentSkipListSet<>(Comparator.comparingInt(Session::id));
        private volatile boolean closed;

        private Listening(StreamSock<?> listener, UnixSocketFile file, Scheduler loop, String where,
                          SessionSettings settings, int maxSessions) {
            this.listener = listener;
            this.file = file;
            this.loop = loop;
            this.where = where;
            this.settings = settings;
            this.maxSessions = maxSessions;
        }

        /** The socket's address: a {@code UnixDomainSocketAddress} of the path, or the TCP address. */
        public SocketAddress address() throws IOException {
            return file != null ? java.net.UnixDomainSocketAddress.of(file.path()) : listener.localAddress();
        }

        /** Sessions open now: clients waiting to send their token, and REPLs until their thread is gone. */
        public int sessions() {
            return sessions.size();
        }

        private void acceptLoop() throws IOException {
            try {
                while (!closed) {
                    StreamSock<?> conn = listener instanceof TcpSock t ? t.accept() : ((UnixSock) listener).accept();
                    if (!admitted(conn)) {
                        continue;
                    }
                    makeRoomForAClientWithoutToken();
                    Session s = new Session(conn, settings, this);
                    sessions.add(s);
                    Coro.printStderr("backdoor: " + s + " opened from " + peerOf(conn));
                    Coro.spawn("backdoor-" + s.id(), () -> {
                        try {
                            s.run();
                        } finally {
                            sessions.remove(s);
                        }
                    });
                }
            } catch (ClosedError e) {
                // close() closed the listener
            } finally {
                close();
            }
        }

        /** With as many clients waiting for their token as the limit, closes the one that waited longest. */
        private void makeRoomForAClientWithoutToken() {
            if (settings.token() == null) {
                return;
            }
            List<Session> waiting = sessions.stream().filter(s -> !s.hasRepl()).toList();
            if (waiting.size() >= maxSessions) {
                Coro.printStderr("backdoor: " + waiting.get(0) + " closed: " + maxSessions
                        + " clients wait for their token, and a new one came");
                waiting.get(0).close();
            }
        }

        /** A REPL for {@code s} if fewer than the limit run (or are not gone yet). On the loop. */
        @Override
        public String claim(Session s) {
            long repls = sessions.stream().filter(Session::hasRepl).count();
            return repls < maxSessions ? null : tooMany();
        }

        private String tooMany() {
            return "too many backdoor sessions (" + maxSessions + "); try again later";
        }

        /** Turns away other users on the Unix socket (the session limit is checked when a REPL starts). */
        private boolean admitted(StreamSock<?> conn) throws IOException {
            String refusal = null;
            if (conn instanceof UnixSock u) {
                String user = peerUser(u);
                String me = System.getProperty("user.name");
                if (user != null && !user.equals(me) && !user.equals("root")) {
                    refusal = "refused: this backdoor serves user " + me + " only\r\n";
                }
            }
            if (refusal == null) {
                return true;
            }
            Coro.printStderr("backdoor: turned away " + peerOf(conn) + ": " + refusal.strip());
            try (conn) {
                conn.sendAll(refusal.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // it went away first
            }
            return false;
        }

        private static String peerUser(UnixSock conn) {
            try {
                UnixDomainPrincipal p = conn.option(ExtendedSocketOptions.SO_PEERCRED);
                return p.user().getName();
            } catch (IOException | UnsupportedOperationException e) {
                return null; // the platform cannot tell: the file's mode is the guard
            }
        }

        private static String peerOf(StreamSock<?> conn) {
            if (conn instanceof UnixSock u) {
                String user = peerUser(u);
                return user != null ? "user " + user : "the unix socket";
            }
            try {
                return String.valueOf(conn.peerAddress());
            } catch (IOException e) {
                return "a client";
            }
        }

        /** Stops accepting, ends every session, removes the Unix socket file. Idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                listener.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            for (Session s : sessions) {
                s.close();
            }
            if (file != null) {
                file.remove();
            }
            Coro.printStderr("backdoor on " + where + " closed");
        }
    }
}
