package io.shrapnel.monitoring.internal.backdoor;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.net.StreamSock;
import java.io.IOException;
import java.io.PrintStream;
import java.security.MessageDigest;
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
 *       lines for the REPL, and on Ctrl-C stops the snippet that runs; it never waits for the client
 *       to read (what it has to say is dropped when the output is full);
 *   <li>the REPL thread, a platform thread in the session's own thread group: runs JShell, whose
 *       snippets print to this session through {@link ConsoleRouting};
 *   <li>the writer coro: sends what the REPL and the reader have to say ({@link SessionOutput}),
 *       each write within {@link SessionSettings#writeTimeout()} or the session is closed.
 * </ul>
 *
 * The client's input ends with end of stream or Ctrl-D: lines already sent are still evaluated and
 * answered, for {@link SessionSettings#inputEndGrace()} at most; then the snippet running is
 * stopped as by Ctrl-C. When the socket is closed or breaks, the snippet is stopped at once and
 * pending output dropped. A TCP client that has not sent its token by its deadline is closed then,
 * whatever its buffers hold. {@link #run} returns only once the REPL thread and the writer are gone,
 * so the backdoor counts a session until nothing of it is left.
 *
 * <p>Threading: {@link #run} in its coro (the loop-confined fields below are touched by it, the
 * writer and tasks posted to that loop only); {@link #close} from any thread.
 */
public final class Session {
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The loop of each session's thread group, for {@link #loopOfCurrentThread()}. */
    private static final Map<ThreadGroup, Scheduler> LOOPS = new ConcurrentHashMap<>();
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_QUEUED_LINES = 1000;

    /** What the reader hands the REPL thread. */
    private sealed interface Input {
        record Line(String text) implements Input {}

        record Interrupt() implements Input {}

        record End() implements Input {}
    }

    private final int id = IDS.incrementAndGet();
    private final StreamSock<?> conn;
    private final SessionSettings settings;
    private final SessionSlots slots;
    private final SessionOutput output = new SessionOutput();
    private final PrintStream printer = new PrintStream(output, true, UTF_8);
    private final LinkedBlockingQueue<Input> inputs = new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
    private final ThreadGroup group = new ThreadGroup("shrapnel-backdoor-session-" + id);
    private final OneShot<Void> replEnded = new OneShot<>();
    private volatile Repl repl;
    private volatile boolean replStarted;
    /** Steps the REPL thread finished (JShell built, each preamble line, each input): its progress. */
    private volatile long replSteps;
    /** Loop-confined. */
    private boolean awaitingToken;
    private boolean ended;
    private Scheduler loop;

    public Session(StreamSock<?> conn, SessionSettings settings, SessionSlots slots) {
        this.conn = conn;
        this.settings = settings;
        this.slots = slots;
    }

    public int id() {
        return id;
    }

    /** Whether the client has a REPL (it sent the token, or came through the Unix socket). Any thread. */
    public boolean hasRepl() {
        return replStarted;
    }

    /** Serves the client until it leaves or the socket is closed, and until the session's threads are gone. */
    public void run() {
        loop = Coro.current().scheduler();
        Coro writer = Coro.spawn("backdoor-" + id + "-writer", this::writeLoop);
        boolean clientGone = false;
        try {
            TelnetInput telnet = new TelnetInput(MAX_LINE, this::onInput);
            byte[] buf = new byte[4096];
            if (settings.token() == null) {
                claimRepl();
            } else {
                awaitToken(telnet, buf);
            }
            while (!ended && read(telnet, buf)) {
                // onInput queues lines for the REPL
            }
        } catch (IOException e) {
            clientGone = true; // the socket was closed under us, or broke
        } catch (Exception e) {
            clientGone = true;
            Coro.printStderr("backdoor " + this + " failed: " + e);
        } finally {
            finish(clientGone);
            writer.join();
        }
    }

    /** The token within its deadline, or the connection is closed then, whatever its buffers hold. */
    private void awaitToken(TelnetInput telnet, byte[] buf) throws Exception {
        awaitingToken = true;
        write("token: ");
        long deadline = Coro.now() + settings.tokenPatience().toNanos();
        try {
            // The same parser reads the token and what follows it, in case both come in one packet.
            // The timeout reaches a coro parked in recv; a client that floods keeps recv from ever
            // parking, so the loop checks the clock itself too.
            Coro.withTimeout(settings.tokenPatience(), () -> {
                while (awaitingToken && !ended && read(telnet, buf)) {
                    if (Coro.now() - deadline >= 0) {
                        throw new TimeoutError(settings.tokenPatience());
                    }
                }
            });
        } catch (TimeoutError e) {
            Coro.printStderr("backdoor: closed " + peer() + ": no token within " + settings.tokenPatience());
            ended = true;
            output.discard();
            closeQuietly();
            return;
        }
        if (awaitingToken) {
            refuse("no token", "refused: wrong or missing token\n");
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
        awaitingToken = false;
        if (MessageDigest.isEqual(line.getBytes(UTF_8), settings.token().getBytes(UTF_8))) {
            claimRepl();
        } else {
            refuse("wrong token", "refused: wrong or missing token\n");
        }
    }

    private void claimRepl() {
        String refusal = slots.claim(this);
        if (refusal != null) {
            refuse(refusal, refusal + "\n");
        } else {
            startRepl();
        }
    }

    private void refuse(String why, String message) {
        Coro.printStderr("backdoor: refused " + peer() + ": " + why);
        write(message);
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
        LOOPS.put(group, loop);
        replStarted = true;
        Thread.ofPlatform().group(group).daemon().name("shrapnel-backdoor-" + id).start(this::replLoop);
    }

    /** The REPL thread: builds JShell, then evaluates what the reader queues. */
    private void replLoop() {
        try {
            printer.println(settings.welcome());
            Repl r = new Repl(printer, settings.classLoader(), settings.classPath());
            repl = r;
            replSteps++;
            for (String s : settings.preamble()) {
                String error = r.prepare(s);
                if (error != null) {
                    printer.println("could not evaluate " + error);
                }
                replSteps++;
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
                replSteps++;
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
            loop.post(() -> replEnded.signal(null));
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
            case TelnetEvent.Interrupt i when !replStarted -> { } // nothing runs yet
            case TelnetEvent.Interrupt i -> {
                // Stop first, then queue the marker: the REPL thread lets snippets run again when it
                // takes the marker, which must come after the stop request.
                stopSnippet();
                inputs.clear(); // type-ahead goes too, as at a terminal
                inputs.offer(new Input.Interrupt());
            }
            case TelnetEvent.EndOfInput x -> ended = true;
            case TelnetEvent.LineTooLong t -> write("line dropped: longer than " + t.limit() + " bytes\n");
            case TelnetEvent.Reply r -> output.offer(r.bytes(), true);
        }
    }

    private void stopSnippet() {
        Repl r = repl;
        if (r != null) {
            r.stop();
        }
    }

    /**
     * After the client's input: the REPL finishes what was queued within the grace, or is stopped;
     * when the client is gone, it is stopped at once. Returns when the REPL thread has ended.
     */
    private void finish(boolean clientGone) {
        if (clientGone) {
            stopAll();
            output.discard();
        } else {
            queueEnd();
        }
        if (!replStarted) {
            output.close(); // no REPL thread to close it
            return;
        }
        if (!clientGone && awaitReplWithinGrace()) {
            return;
        }
        replEnded.await();
    }

    /**
     * Waits for the REPL to work through what was queued, as long as it keeps finishing steps: the
     * grace runs out only when one step (building JShell, one snippet) takes longer than it — a
     * busy machine that is slow to compile each line does not lose the lines queued after it.
     * Returns false when it stopped the REPL.
     */
    private boolean awaitReplWithinGrace() {
        while (true) {
            long before = replSteps;
            try {
                Coro.withTimeout(settings.inputEndGrace(), () -> {
                    replEnded.await();
                });
                return true;
            } catch (TimeoutError e) {
                if (replSteps != before) {
                    continue; // still making progress
                }
                // said first: once stopped, the REPL thread closes the output
                write("^C (input ended " + settings.inputEndGrace().toMillis() + " ms ago)\n");
                stopAll();
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e); // await throws nothing checked
            }
        }
    }

    /** Ends input: the REPL finishes what was queued, then closes the output. */
    private void queueEnd() {
        while (!inputs.offer(new Input.End())) {
            inputs.poll(); // full of lines nobody will read the answers to in time: make room
        }
    }

    /** Stops the snippet running and drops what was queued. */
    private void stopAll() {
        inputs.clear();
        queueEnd();
        stopSnippet();
    }

    private void writeLoop() {
        try {
            byte[] b;
            while ((b = output.take()) != null) {
                byte[] chunk = b;
                Coro.withTimeout(settings.writeTimeout(), () -> conn.sendAll(chunk));
            }
        } catch (TimeoutError e) {
            Coro.printStderr("backdoor: " + this + " closed: " + peer() + " read nothing for " + settings.writeTimeout());
            output.discard();
        } catch (Exception e) {
            output.discard(); // the client went away: drop the rest
        } finally {
            closeQuietly();
        }
    }

    /** Text from the reader: never waits for the client (dropped if the output is full). */
    private void write(String text) {
        output.offer(text.getBytes(UTF_8), false);
    }

    private String peer() {
        try {
            return String.valueOf(conn.peerAddress());
        } catch (IOException | RuntimeException e) {
            return "a client";
        }
    }

    /** Stops the snippet at once, drops pending output and closes the socket: the session ends. Any thread. */
    public void close() {
        stopAll();
        output.discard();
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
