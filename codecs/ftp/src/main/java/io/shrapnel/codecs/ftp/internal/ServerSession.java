package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;

/**
 * One client of the server: reads commands, answers them, runs transfers. Before login only the
 * commands that lead to it are served. Names are resolved by the {@link Jail}.
 *
 * <p>Threading: one coro per session, which owns all of this.
 */
public final class ServerSession {
    private static final List<String> FEATURES = List.of("EPSV", "PASV", "MDTM", "SIZE", "REST STREAM", "UTF8",
            "MLST type*;size*;modify*;", "MLSD");

    private final ServerSettings settings;
    private final TcpSock sock;
    private Conn conn;
    private final LineReader lines;
    private final DataTransfers data;
    private String user;
    private boolean loggedIn;
    private boolean tlsActive;
    private String cwd = "/";
    private long rest;
    private Jail.Resolved renameFrom;

    public ServerSession(ServerSettings settings, TcpSock sock) {
        this.settings = settings;
        this.sock = sock;
        this.conn = sock;
        this.lines = new LineReader(sock, 4096);
        this.data = new DataTransfers(settings, sock, this);
    }

    /** Serves until QUIT, end of stream, an idle timeout or a protocol error; closes the connection. */
    public void serve() throws IOException {
        // the plain socket is closed in the finally, after the TLS connection: try-with-resources
        // would close it first, and the TLS close() could then send no close_notify
        try (data) {
            reply(220, "Shrapnel FTP ready");
            while (true) {
                String line;
                try {
                    line = Deadline.within(settings.idle(), "idle", lines::readLine);
                } catch (InterruptedIOException e) {
                    reply(421, "Idle too long; closing");
                    return;
                } catch (io.shrapnel.codecs.ftp.FtpProtocolException e) {
                    reply(500, "Line too long");
                    return;
                }
                if (line == null || !handle(line)) {
                    return;
                }
            }
        } finally {
            try {
                conn.close(); // a TLS connection sends close_notify, then closes the socket
            } finally {
                sock.close();
            }
        }
    }

    /** Answers one command line; false after QUIT. */
    private boolean handle(String line) throws IOException {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        if (verb.equals("RNTO") && renameFrom == null) {
            reply(503, "RNFR first");
            return true;
        }
        if (!verb.equals("RNTO")) {
            renameFrom = null;
        }
        switch (verb) {
            case "QUIT" -> {
                reply(221, "Bye");
                return false;
            }
            case "NOOP" -> reply(200, "OK");
            case "SYST" -> reply(215, "UNIX Type: L8");
            case "FEAT" -> features();
            case "OPTS" -> reply(arg.equalsIgnoreCase("UTF8 ON") ? 200 : 501, arg.equalsIgnoreCase("UTF8 ON") ? "UTF-8 on" : "Option not understood");
            case "AUTH" -> authTls(arg);
            case "PBSZ" -> reply(tlsActive ? 200 : 503, tlsActive ? "PBSZ=0" : "AUTH TLS first");
            case "PROT" -> protect(arg);
            case "USER" -> userCommand(arg);
            case "PASS" -> pass(arg);
            default -> {
                if (!loggedIn) {
                    reply(530, "Log in first");
                } else {
                    loggedInCommand(verb, arg);
                }
            }
        }
        return true;
    }

    private void features() throws IOException {
        StringBuilder b = new StringBuilder("211-Features:\r\n");
        if (settings.tls() != null) {
            b.append(" AUTH TLS\r\n PBSZ\r\n PROT\r\n");
        }
        for (String f : FEATURES) {
            b.append(' ').append(f).append("\r\n");
        }
        send(b.append("211 End\r\n").toString());
    }

    private void authTls(String arg) throws IOException {
        if (settings.tls() == null || tlsActive || !(arg.equalsIgnoreCase("TLS") || arg.equalsIgnoreCase("SSL"))) {
            reply(settings.tls() == null ? 502 : 504, "AUTH TLS is not available");
            return;
        }
        reply(234, "AUTH TLS OK");
        TlsSock tls = TlsSock.server(sock, settings.tls());
        Deadline.within(settings.idle(), "TLS handshake", () -> {
            tls.handshake();
            return null;
        });
        lines.conn(tls);
        conn = tls;
        tlsActive = true;
    }

    private void protect(String arg) throws IOException {
        if (!tlsActive) {
            reply(503, "AUTH TLS first");
        } else if (arg.equalsIgnoreCase("P") || arg.equalsIgnoreCase("C")) {
            data.protect(arg.equalsIgnoreCase("P") ? settings.tls() : null);
            reply(200, "Protection level " + arg.toUpperCase(Locale.ROOT));
        } else {
            reply(504, "Only PROT C and PROT P");
        }
    }

    private void userCommand(String name) throws IOException {
        if (settings.requireTls() && !tlsActive) {
            reply(530, "AUTH TLS first");
            return;
        }
        user = name;
        loggedIn = false;
        reply(331, "Password required");
    }

    private void pass(String password) throws IOException {
        if (user == null) {
            reply(503, "USER first");
        } else if (settings.users().test(user, password)) {
            loggedIn = true;
            reply(230, "Logged in");
        } else {
            user = null;
            reply(530, "Login incorrect");
        }
    }

    private void loggedInCommand(String verb, String arg) throws IOException {
        try {
            switch (verb) {
                case "PWD", "XPWD" -> reply(257, "\"" + cwd.replace("\"", "\"\"") + "\" is the current directory");
                case "CWD", "XCWD" -> cwd(arg);
                case "CDUP", "XCUP" -> cwd("..");
                case "TYPE" -> reply(arg.equalsIgnoreCase("I") || arg.equalsIgnoreCase("A") || arg.equalsIgnoreCase("L 8")
                        ? 200 : 504, "Type " + arg);
                case "MODE" -> reply(arg.equalsIgnoreCase("S") ? 200 : 504, "Mode " + arg);
                case "STRU" -> reply(arg.equalsIgnoreCase("F") ? 200 : 504, "Structure " + arg);
                case "PASV" -> data.pasv();
                case "EPSV" -> data.epsv(arg);
                case "PORT", "EPRT" -> reply(502, "Active mode is not offered; use PASV or EPSV");
                case "REST" -> rest(arg);
                case "LIST", "NLST", "MLSD" -> data.listing(verb, resolve(listArgument(arg)));
                case "RETR" -> data.retrieve(resolve(arg), takeRest());
                case "STOR" -> data.store(resolve(arg), takeRest(), false);
                case "APPE" -> data.store(resolve(arg), 0, true);
                case "SIZE" -> size(resolve(arg));
                case "MDTM" -> reply(213, Listing.timeVal(Files.getLastModifiedTime(existing(resolve(arg)).file()).toInstant()));
                case "DELE" -> {
                    Jail.Resolved r = existing(resolve(arg));
                    if (Files.isDirectory(r.file())) {
                        reply(550, "Is a directory: use RMD");
                        return;
                    }
                    Files.delete(r.file());
                    reply(250, "Deleted");
                }
                case "MKD", "XMKD" -> {
                    Jail.Resolved r = resolve(arg);
                    Files.createDirectory(r.file());
                    reply(257, "\"" + r.virtual().replace("\"", "\"\"") + "\" created");
                }
                case "RMD", "XRMD" -> {
                    Jail.Resolved r = existing(resolve(arg));
                    if (!Files.isDirectory(r.file()) || r.virtual().equals("/")) {
                        reply(550, "Not a directory that can be removed");
                        return;
                    }
                    Files.delete(r.file());
                    reply(250, "Removed");
                }
                case "RNFR" -> {
                    renameFrom = existing(resolve(arg));
                    reply(350, "Ready for RNTO");
                }
                case "RNTO" -> {
                    Jail.Resolved from = renameFrom;
                    renameFrom = null;
                    Files.move(from.file(), resolve(arg).file());
                    reply(250, "Renamed");
                }
                default -> reply(502, "Command not implemented");
            }
        } catch (Jail.Escape e) {
            reply(550, "Permission denied");
        } catch (NoSuchFileException e) {
            reply(550, "No such file or directory");
        } catch (FileAlreadyExistsException e) {
            reply(550, "Already exists");
        } catch (DirectoryNotEmptyException e) {
            reply(550, "Directory not empty");
        } catch (java.nio.file.FileSystemException e) {
            reply(550, "Cannot: " + e.getReason());
        }
    }

    /** LIST's argument without options such as "-la" (which curl and lftp may send). */
    private static String listArgument(String arg) {
        String a = arg.strip();
        while (a.startsWith("-")) {
            int sp = a.indexOf(' ');
            a = sp < 0 ? "" : a.substring(sp + 1).strip();
        }
        return a.isEmpty() ? "." : a;
    }

    private void cwd(String arg) throws IOException {
        Jail.Resolved r = resolve(arg);
        if (!Files.isDirectory(r.file())) {
            reply(550, "No such directory");
            return;
        }
        cwd = r.virtual();
        reply(250, "Directory is now " + cwd);
    }

    private void rest(String arg) throws IOException {
        try {
            long n = Long.parseLong(arg.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            rest = n;
            reply(350, "Restarting at " + n);
        } catch (NumberFormatException e) {
            reply(501, "REST needs a byte count");
        }
    }

    private long takeRest() {
        long r = rest;
        rest = 0;
        return r;
    }

    private void size(Jail.Resolved r) throws IOException {
        if (!Files.isRegularFile(existing(r).file())) {
            reply(550, "Not a plain file");
            return;
        }
        reply(213, Long.toString(Files.size(r.file())));
    }

    private Jail.Resolved resolve(String name) throws IOException {
        return settings.jail().resolve(cwd, name);
    }

    private static Jail.Resolved existing(Jail.Resolved r) throws NoSuchFileException {
        if (!Files.exists(r.file())) {
            throw new NoSuchFileException(r.virtual());
        }
        return r;
    }

    /** Sends a one-line reply. */
    void reply(int code, String text) throws IOException {
        send(code + " " + text + "\r\n");
    }

    private void send(String raw) throws IOException {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        Deadline.within(settings.idle(), "sending a reply", () -> {
            conn.sendAll(b);
            return null;
        });
    }

    InetSocketAddress local() throws IOException {
        return (InetSocketAddress) sock.localAddress();
    }
}
