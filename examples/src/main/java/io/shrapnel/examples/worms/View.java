package io.shrapnel.examples.worms;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.util.List;

/**
 * One telnet client's view of the arena: a window the size of its terminal (as telnet reports it,
 * else 80 x 24) that it can scroll with w/a/s/d, drawn with ANSI escapes. The connection's coro
 * reads keys; a writer coro sends what changed, everything pending in one write. A client that
 * reads too slowly does not grow the queue without end: past {@value #MAX_PENDING} pending changes
 * they are dropped for one fresh screen.
 *
 * <p>Threading: confined to the arena's loop.
 */
final class View implements Arena.Painter {
    static final String CSI = "\u001b[";
    static final int MAX_PENDING = 20_000;
    static final String KEYS = "[q]uit [r]edraw [n]ew [c]ull [l]engthen [wasd] scroll";
    private static final byte[] NEGOTIATION = {
        (byte) TelnetInput.IAC, (byte) TelnetInput.WILL, 1, // WILL ECHO: we echo (nothing), the client stops echoing
        (byte) TelnetInput.IAC, (byte) TelnetInput.WILL, 3, // WILL SUPPRESS-GO-AHEAD: character at a time
        (byte) TelnetInput.IAC, (byte) 253, TelnetInput.NAWS, // DO NAWS: tell us the window size
    };
    private static final String HANGUP = new String("hangup"); // compared by identity

    private final Arena arena;
    private final TcpSock conn;
    private final Fifo<String> out = new Fifo<>();
    private int cols = 80;
    private int rows = 24;
    private int left = 0;
    private int top = 0;

    View(Arena arena, TcpSock conn) {
        this.arena = arena;
        this.conn = conn;
    }

    /** Serves the client until it types q or goes away. */
    void run() throws IOException {
        try (conn) {
            conn.sendAll(NEGOTIATION);
            arena.watch(this);
            Coro writer = Coro.spawn("worms-writer", this::write);
            try {
                redraw();
                listen();
            } finally {
                arena.unwatch(this);
                out.push(HANGUP);
                writer.join();
            }
        }
    }

    private void listen() throws IOException {
        TelnetInput telnet = new TelnetInput();
        byte[] buf = new byte[256];
        int n;
        while ((n = conn.recvInto(buf, 0, buf.length)) > 0) {
            for (TelnetInput.Event e : telnet.feed(buf, n)) {
                if (!handle(e)) {
                    out.push(CSI + "0m" + CSI + "2J" + CSI + "H" + CSI + "?25h" + "bye\r\n");
                    return;
                }
            }
        }
    }

    /** Runs one key or window change; false for q. */
    boolean handle(TelnetInput.Event e) {
        switch (e) {
            case TelnetInput.WindowSize w -> {
                cols = Math.max(10, w.cols());
                rows = Math.max(3, w.rows());
                redraw();
            }
            case TelnetInput.Key k -> {
                switch (k.key()) {
                    case 'q' -> {
                        return false;
                    }
                    case 'r' -> redraw();
                    case 'n' -> {
                        arena.populate(1);
                        status();
                    }
                    case 'c' -> {
                        arena.cull();
                        status();
                    }
                    case 'l' -> arena.lengthen();
                    case 'w' -> scroll(0, -(rows / 2));
                    case 's' -> scroll(0, rows / 2);
                    case 'a' -> scroll(-(cols / 2), 0);
                    case 'd' -> scroll(cols / 2, 0);
                    default -> { } // other keys, CR, LF, NUL: nothing
                }
            }
        }
        return true;
    }

    private void scroll(int dx, int dy) {
        left = Math.clamp(left + dx, 0, Math.max(0, arena.width - cols));
        top = Math.clamp(top + dy, 0, Math.max(0, arena.height - (rows - 1)));
        redraw();
    }

    /** Shows a changed cell if it is in the window. */
    @Override
    public void paint(Pos p, char c) {
        int col = p.x() - left;
        int row = p.y() - top;
        if (col < 0 || col >= cols || row < 0 || row >= rows - 1) {
            return;
        }
        if (out.size() >= MAX_PENDING) {
            redraw(); // drops the backlog: the fresh screen has every change in it
            return;
        }
        out.push(at(col, row) + colored(c));
    }

    /** Clears the client's screen and draws the window and the status line. */
    void redraw() {
        out.popAll();
        StringBuilder b = new StringBuilder(CSI + "?25l" + CSI + "0m" + CSI + "2J");
        int visibleRows = Math.min(rows - 1, arena.height - top);
        for (int r = 0; r < visibleRows; r++) {
            String line = arena.row(top + r);
            b.append(at(0, r)).append(line, left, Math.min(line.length(), left + cols));
        }
        out.push(b.toString());
        status();
    }

    private void status() {
        String text = " " + arena.wormCount() + " worms | " + KEYS;
        out.push(at(0, rows - 1) + CSI + "0m" + CSI + "K" + text.substring(0, Math.min(text.length(), cols - 1)));
    }

    /** The cursor to window column {@code col}, row {@code row} (both from 0). */
    static String at(int col, int row) {
        return CSI + (row + 1) + ';' + (col + 1) + 'H';
    }

    /** {@code c} in a colour of its own (as the original: background and foreground from the character). */
    static String colored(char c) {
        if (c == Arena.EMPTY) {
            return CSI + "0m ";
        }
        return CSI + (40 + c % 8) + 'm' + CSI + (30 + c % 7) + 'm' + c + CSI + "0m";
    }

    private void write() throws IOException {
        while (true) {
            String first = out.pop();
            List<String> rest = out.popAll();
            StringBuilder b = new StringBuilder(first == HANGUP ? "" : first);
            boolean hangup = first == HANGUP;
            for (String s : rest) {
                if (s == HANGUP) {
                    hangup = true;
                    break;
                }
                b.append(s);
            }
            if (!b.isEmpty()) {
                try {
                    conn.sendAll(b.toString().getBytes(UTF_8));
                } catch (IOException e) {
                    conn.close(); // the client is gone: its reader sees the end and unwatches
                    return;
                }
            }
            if (hangup) {
                return;
            }
        }
    }
}
