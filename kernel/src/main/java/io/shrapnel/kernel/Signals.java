package io.shrapnel.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Process signals handled as coros: each delivery of a signal spawns the handler as a new coro
 * named {@code "signal SIGxxx"} on the loop given at registration.
 *
 * <pre>{@code
 * Signals.handle(OsSignal.HUP, loop, () -> config.reload());
 * }</pre>
 *
 * <p>Built on {@code sun.misc.Signal} (module {@code jdk.unsupported}, readable without flags): the
 * JVM runs signal handlers on a thread of its own, which only posts the spawn to the loop. One
 * handler per signal per process, as the operating system has it. {@link Coro#eventLoop()} turns
 * SIGTERM and SIGINT into {@code setExit} unless a handler of yours is registered for them (see
 * {@link #setExitOnTermination}).
 *
 * <p>Threading: any thread may register and close; handlers run on their loop.
 */
public final class Signals {
    private static final Map<OsSignal, Registration> HANDLED = new ConcurrentHashMap<>();
    private static volatile boolean exitOnTermination =
            Boolean.parseBoolean(System.getProperty("shrapnel.exitOnSignals", "true"));

    private Signals() {}

    /** A registered handler; {@link #close()} puts back whatever handled the signal before. */
    public static final class Registration implements AutoCloseable {
        private final OsSignal signal;
        private final Scheduler loop;
        private final Body handler;
        private SignalHandler previous;
        private boolean closed;

        private Registration(OsSignal signal, Scheduler loop, Body handler) {
            this.signal = signal;
            this.loop = loop;
            this.handler = handler;
        }

        private void deliver() {
            loop.post(() -> loop.spawn("signal SIG" + signal.name(), handler));
        }

        public OsSignal signal() {
            return signal;
        }

        public Scheduler loop() {
            return loop;
        }

        /** Restores the previous handler (for USR1/USR2 usually the default: terminate the process). */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Signal.handle(new Signal(signal.name()), previous);
                HANDLED.remove(signal, this);
            }
        }

        @Override
        public String toString() {
            return "handler of SIG" + signal.name() + " on loop " + loop.name();
        }
    }

    /**
     * Runs {@code handler} as a new coro on {@code loop} each time the process receives {@code signal}.
     *
     * @throws IllegalStateException if a handler is already registered for that signal
     * @throws IllegalArgumentException if the JVM reserves the signal (for example with {@code -Xrs})
     */
    public static Registration handle(OsSignal signal, Scheduler loop, Body handler) {
        Registration r = new Registration(Objects.requireNonNull(signal, "signal"),
                Objects.requireNonNull(loop, "loop"), Objects.requireNonNull(handler, "handler"));
        Registration other = HANDLED.putIfAbsent(signal, r);
        if (other != null) {
            throw new IllegalStateException("SIG" + signal.name() + " already has a handler (" + other
                    + "); close that registration first: a signal has one handler per process");
        }
        try {
            synchronized (r) {
                r.previous = Signal.handle(new Signal(signal.name()), sig -> r.deliver());
            }
        } catch (IllegalArgumentException e) {
            HANDLED.remove(signal, r);
            throw new IllegalArgumentException("cannot handle SIG" + signal.name() + ": " + e.getMessage(), e);
        }
        return r;
    }

    /** True if a handler registered with {@link #handle} owns {@code signal}. */
    public static boolean isHandled(OsSignal signal) {
        return HANDLED.containsKey(signal);
    }

    /**
     * Whether {@link Coro#eventLoop()} turns SIGTERM and SIGINT into {@code setExit(128 + signal
     * number)} while it runs (default true; also {@code -Dshrapnel.exitOnSignals=false}). Loops run
     * with {@link Scheduler#run()} or {@link Scheduler#start()} never touch signals.
     */
    public static void setExitOnTermination(boolean on) {
        exitOnTermination = on;
    }

    static boolean exitOnTermination() {
        return exitOnTermination;
    }
}
