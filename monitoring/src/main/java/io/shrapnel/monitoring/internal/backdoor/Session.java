package io.shrapnel.monitoring.internal.backdoor;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.net.StreamSock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client of the backdoor. Three parts, so that the loop never waits for Java code the user typed
 * and the user can always interrupt it:
 *
 * <ul>
 *   <li>the reader coro (this one's {@link #run}): reads the socket, takes telnet's bytes out, queues
 *       lines for the REPL, and on Ctrl-C stops the snippet that runs;
 *   <li>the REPL thread, a platform thread in the session's own thread group: runs JShell, whose
 *       snippets print to this session through {@link ConsoleRouting};
 *   <li>the writer coro: sends what the REPL and the reader have to say ({@link SessionOutput}).
 * </ul>
 *
 * The session ends when the client sends end of stream or Ctrl-D (lines already sent are still
 * evaluated and answered), or when the socket is closed (the backdoor closing): then the snippet is
 * stopped and pending output dropped.
 *
 * <p>Threading: {@link #run} in its coro; {@link #close} from any thread.
 */
public final class Session {
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The loop of each session's thread group, for {@link #loopOfCurrentThread()}. */
    private static final Map<ThreadGroup, Scheduler> LOOPS = new ConcurrentHashMap<>();
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_QUEUED_LINES = 1000;
    private static final Duration TOKEN_PATIENCE = Duration.ofSeconds(30);

    /** What the reader hands the REPL thread. */
    private sealed interface Input {
        record Line(String text) implements Input {}

        record Interrupt() implements Input {}

        record End() implements Input {}
    }

    private final int id = IDS.incrementAndGet();
    private final StreamSock<?> conn;
    private final SessionSettings settings;
    private final SessionOutput output = new SessionOutput();
    private final PrintStream printer = new PrintStream(output, true, UTF_8);
    private final LinkedBlockingQueue<Input> inputs = new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
    private final ThreadGroup group = new ThreadGroup("shrapnel-backdoor-session-" + id);
    private volatile Repl repl;
    /** Loop-confined: the REPL thread was started (it closes the output when it ends). */
    private boolean replStarted;
    private boolean awaitingToken;
    private boolean ended;

    public Session(StreamSock<?> conn, SessionSettings settings) {
        this.conn = conn;
        this.settings = settings;
    }

    public int id() {
        return id;
    }

    /** Serves the client until it leaves or the socket is closed. In the session's reader coro. */
    public void run() {
        Coro.spawn("backdoor-" + id + "-writer", this::writeLoop);
        try {
            TelnetInput telnet = new TelnetInput(MAX_LINE, this::onInput);
            byte[] buf = new byte[4096];
            if (settings.token() == null) {
                startRepl();
            } else {
                awaitingToken = true;
                write("token: ");
                try {
                    // The same parser reads the token and what follows it, in case both come in one packet.
                    Coro.withTimeout(TOKEN_PATIENCE, () -> {
                        while (awaitingToken && !ended && read(telnet, buf)) {
                            // onInput checks the token when its line is complete
                        }
                    });
                } catch (TimeoutError e) {
                    refuse("no token within " + TOKEN_PATIENCE.toSeconds() + " s");
                }
                if (awaitingToken) {
                    refuse("no token");
                }
            }
            while (!ended && read(telnet, buf)) {
                // onInput queues lines for the REPL
            }
            endInput(); // end of stream or Ctrl-D: answer what was sent, then close
        } catch (IOException e) {
            abort(); // the socket was closed under us, or broke
        } catch (Exception e) {
            abort();
            Coro.printStderr("backdoor " + this + " failed: " + e);
        } finally {
            if (!replStarted) {
                output.close(); // no REPL thread to close it
            }
        }
    }

    /** Reads once and feeds the parser; false at end of stream. */
    private boolean read(TelnetInput telnet, byte[] buf) throws IOException {
        int n = conn.recvInto(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        telnet.feed(buf, 0, n);
        return true;
    }

    /** Compares the first line with the token in constant time. */
    private void checkToken(String line) {
        if (MessageDigest.isEqual(line.getBytes(UTF_8), settings.token().getBytes(UTF_8))) {
            awaitingToken = false;
            startRepl();
        } else {
            refuse("wrong token");
        }
    }

    private void refuse(String why) {
        if (ended) {
            return;
        }
        Coro.printStderr("backdoor: refused " + peer() + ": " + why);
        write("refused: wrong or missing token\n");
        ended = true;
    }

    /** The loop of the session whose thread (or a thread below it) calls this; null outside sessions. */
    public static Scheduler loopOfCurrentThread() {
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            Scheduler s = LOOPS.get(g);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private void startRepl() {
        ConsoleRouting.route(group, printer, printer);
        LOOPS.put(group, Coro.current().scheduler());
        replStarted = true;
        Thread.ofPlatform().group(group).daemon().name("shrapnel-backdoor-" + id).start(this::replLoop);
    }

    /** The REPL thread: builds JShell, then evaluates what the reader queues. */
    private void replLoop() {
        try {
            printer.println(settings.welcome());
            Repl r = new Repl(printer, settings.classLoader(), settings.classPath());
            repl = r;
            for (String s : settings.preamble()) {
                String error = r.prepare(s);
                if (error != null) {
                    printer.println("could not evaluate " + error);
                }
            }
            prompt(false);
            while (true) {
                Input in = inputs.take();
                switch (in) {
                    case Input.End e -> {
                        return;
                    }
                    case Input.Interrupt i -> {
                        r.reset();
                        printer.println("^C");
                        prompt(false);
                    }
                    case Input.Line l -> prompt(r.line(l.text()));
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable t) {
            printer.println("backdoor session failed: " + t);
            Coro.printStderr("backdoor session " + id + " failed: " + t);
        } finally {
            Repl r = repl;
            if (r != null) {
                r.close();
            }
            ConsoleRouting.unroute(group);
            LOOPS.remove(group);
            output.close();
        }
    }

    private void prompt(boolean more) {
        printer.print(more ? "... " : ">>> ");
        printer.flush();
    }

    private void onInput(TelnetEvent e) {
        if (ended) {
            return; // refused, or Ctrl-D came: the rest of the packet is ignored
        }
        switch (e) {
            case TelnetEvent.Line l when awaitingToken -> checkToken(l.text());
            case TelnetEvent.Line l -> {
                if (!inputs.offer(new Input.Line(l.text()))) {
                    write("input dropped: " + MAX_QUEUED_LINES + " lines are waiting already (Ctrl-C to stop the snippet)\n");
                }
            }
            case TelnetEvent.Interrupt i -> {
                // Stop first, then queue the marker: the REPL thread lets snippets run again when it
                // takes the marker, which must come after the stop request.
                Repl r = repl;
                if (r != null) {
                    r.stop();
                }
                inputs.clear(); // type-ahead goes too, as at a terminal
                inputs.offer(new Input.Interrupt());
            }
            case TelnetEvent.EndOfInput x -> ended = true;
            case TelnetEvent.LineTooLong t -> write("line dropped: longer than " + t.limit() + " bytes\n");
            case TelnetEvent.Reply r -> raw(r.bytes());
        }
    }

    /** After the client's last line: the REPL finishes what was queued, then closes the output. */
    private void endInput() {
        while (true) {
            if (inputs.offer(new Input.End())) {
                return;
            }
            inputs.poll(); // full of lines nobody will read the answers to in time: make room
        }
    }

    /** The socket is gone: stop everything, drop what was not sent. */
    private void abort() {
        inputs.clear();
        inputs.offer(new Input.End());
        Repl r = repl;
        if (r != null) {
            r.stop();
        }
        output.discard();
    }

    private void writeLoop() {
        try {
            byte[] b;
            while ((b = output.take()) != null) {
                conn.sendAll(b);
            }
        } catch (IOException e) {
            output.discard(); // the client went away: drop the rest
        } finally {
            closeQuietly();
        }
    }

    private void write(String text) {
        try {
            byte[] b = text.getBytes(UTF_8);
            output.write(b, 0, b.length);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void raw(byte[] bytes) {
        try {
            output.writeRaw(bytes);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String peer() {
        try {
            return String.valueOf(conn.peerAddress());
        } catch (IOException | RuntimeException e) {
            return "a client";
        }
    }

    /** Closes the socket: the session's coros end, its snippet is stopped. Any thread. */
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public String toString() {
        return "backdoor session " + id;
    }
}
