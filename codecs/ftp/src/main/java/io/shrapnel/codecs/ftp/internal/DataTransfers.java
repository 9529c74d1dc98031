package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * The data side of a server session: passive listeners (PASV, EPSV) and the transfers over the
 * connection they accept (listings, RETR, STOR, APPE), protected with TLS after PROT P. Files are
 * read and written a block at a time: nothing holds a whole file.
 *
 * <p>File reads and writes run on the loop (regular files, page cache): a slow disk delays the
 * loop's other coros for the length of one 64 KB block.
 *
 * <p>Threading: the session's coro.
 */
final class DataTransfers implements AutoCloseable {
    private static final int BLOCK = 64 * 1024;

    private final ServerSettings settings;
    private final TcpSock control;
    private final ServerSession session;
    private PassiveListener passive;
    private TlsConfig protection;

    DataTransfers(ServerSettings settings, TcpSock control, ServerSession session) {
        this.settings = settings;
        this.control = control;
        this.session = session;
    }

    void protect(TlsConfig tls) {
        this.protection = tls;
    }

    void pasv() throws IOException {
        int port = listen();
        byte[] ip = session.local().getAddress().getAddress();
        if (ip.length != 4) {
            session.reply(522, "PASV is IPv4 only; use EPSV");
            return;
        }
        session.reply(227, "Entering Passive Mode (" + (ip[0] & 255) + "," + (ip[1] & 255) + "," + (ip[2] & 255) + ","
                + (ip[3] & 255) + "," + (port >> 8) + "," + (port & 255) + ")");
    }

    void epsv(String arg) throws IOException {
        if (arg.equalsIgnoreCase("ALL")) {
            session.reply(200, "EPSV ALL ok");
            return;
        }
        session.reply(229, "Entering Extended Passive Mode (|||" + listen() + "|)");
    }

    private int listen() throws IOException {
        close();
        passive = PassiveListener.open(session.local().getAddress(), settings.passiveFrom(), settings.passiveTo(),
                ((java.net.InetSocketAddress) control.peerAddress()).getAddress());
        return passive.port();
    }

    void listing(String verb, Jail.Resolved dir) throws IOException {
        if (!Files.exists(dir.file())) {
            throw new NoSuchFileException(dir.virtual());
        }
        Conn data = open("Here comes the listing");
        if (data == null) {
            return;
        }
        boolean ok = true;
        try (data) {
            Instant now = Instant.now();
            if (Files.isDirectory(dir.file())) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.file())) {
                    for (Path p : entries) {
                        sendLine(data, verb, p.getFileName().toString(), p, now);
                    }
                }
            } else {
                sendLine(data, verb, dir.file().getFileName().toString(), dir.file(), now);
            }
        } catch (IOException e) {
            ok = false;
        }
        finish(ok);
    }

    private void sendLine(Conn data, String verb, String name, Path p, Instant now) throws IOException {
        String line;
        if (verb.equals("NLST")) {
            line = name;
        } else {
            BasicFileAttributes a = Listing.attributes(p);
            line = verb.equals("MLSD") ? Listing.mlsd(name, a) : Listing.list(name, a, now);
        }
        send(data, ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    void retrieve(Jail.Resolved file, long offset) throws IOException {
        if (!Files.isRegularFile(file.file())) {
            session.reply(550, "Not a plain file");
            return;
        }
        try (FileChannel in = FileChannel.open(file.file(), StandardOpenOption.READ)) {
            in.position(offset);
            Conn data = open("Opening BINARY data connection for " + file.virtual());
            if (data == null) {
                return;
            }
            boolean ok = true;
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            try (data) {
                while (in.read(buf.clear()) >= 0) {
                    send(data, buf.flip());
                }
            } catch (IOException e) {
                ok = false;
            }
            finish(ok);
        }
    }

    void store(Jail.Resolved file, long offset, boolean append) throws IOException {
        if (Files.isDirectory(file.file())) {
            session.reply(550, "Is a directory");
            return;
        }
        StandardOpenOption[] opts = append
                ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                : offset > 0 ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.CREATE}
                : new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING};
        try (FileChannel out = FileChannel.open(file.file(), opts)) {
            if (offset > 0) {
                out.truncate(offset);
                out.position(offset);
            }
            Conn data = open("Ready to receive " + file.virtual());
            if (data == null) {
                return;
            }
            boolean ok = true;
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            try (data) {
                while (receive(data, buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                }
            } catch (IOException e) {
                ok = false;
            }
            finish(ok);
        }
    }

    /**
     * One block of an upload, -1 at its end. Over TLS an end without close_notify counts as the end
     * of the file (curl closes FTPS uploads that way); a reset never does: the kernel drops the bytes
     * still queued when it arrives, so the upload fails with 426.
     */
    private int receive(Conn data, ByteBuffer buf) throws IOException {
        return Deadline.within(settings.idle(), "receiving a file", () -> data.recvInto(buf.clear()));
    }

    /** Sends 150 and accepts the data connection (TLS after PROT P); null after a 425 reply. */
    private Conn open(String what) throws IOException {
        if (passive == null) {
            session.reply(425, "Use PASV or EPSV first");
            return null;
        }
        if (settings.requireTls() && protection == null) {
            session.reply(521, "PROT P first");
            return null;
        }
        session.reply(150, what);
        PassiveListener l = passive;
        passive = null;
        try (l) {
            TcpSock s = Deadline.within(settings.idle(), "waiting for the data connection", l::accept);
            if (protection == null) {
                return s;
            }
            TlsSock t = TlsSock.server(s, settings.dataTls());
            try {
                Deadline.within(settings.idle(), "TLS handshake on the data connection", () -> {
                    t.handshake();
                    return null;
                });
            } catch (IOException e) {
                t.close();
                throw e;
            }
            return t;
        } catch (IOException e) {
            session.reply(425, "No data connection");
            return null;
        }
    }

    private void send(Conn data, ByteBuffer b) throws IOException {
        Deadline.within(settings.idle(), "sending data", () -> {
            data.sendAll(b);
            return null;
        });
    }

    private void finish(boolean ok) throws IOException {
        session.reply(ok ? 226 : 426, ok ? "Transfer complete" : "Connection closed; transfer aborted");
    }

    @Override
    public void close() throws IOException {
        if (passive != null) {
            passive.close();
            passive = null;
        }
    }
}
