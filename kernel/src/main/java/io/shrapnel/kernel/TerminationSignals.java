package io.shrapnel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What {@link Coro#eventLoop()} does with SIGTERM and SIGINT while it runs: asks its loop to exit
 * with {@code 128 + the signal's number} (the shell's convention: 143, 130), so the program's code
 * after {@code eventLoop()} runs its clean-up. The first such signal also gives the signal back to
 * the JVM, so a second one (Ctrl-C twice) ends the process even if the loop is stuck.
 *
 * <p>Installed only by {@code Coro.eventLoop()}, only for signals that no {@link Signals#handle}
 * registration owns, only once at a time, and not at all when
 * {@link Signals#setExitOnTermination(boolean)} is off; {@link #close()} (when {@code eventLoop}
 * returns) restores the JVM's handlers. A signal that still reaches one of these handlers after
 * that (one put back by a later registration's close) is re-raised to the JVM's handler.
 *
 * <p>Threading: installed and closed by the thread running {@code eventLoop}; the handlers run on
 * the JVM's signal thread and only call {@link Scheduler#setExit}, which any thread may.
 */
final class TerminationSignals implements AutoCloseable {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final TerminationSignals NONE = new TerminationSignals(null);

    private record Installed(Signal signal, SignalHandler previous, SignalHandler ours) {}

    private final Scheduler loop;
    private final List<Installed> installed = new ArrayList<>(2);
    private volatile boolean active = true;

    private TerminationSignals(Scheduler loop) {
        this.loop = loop;
    }

    static TerminationSignals install(Scheduler loop) {
        if (!Signals.exitOnTermination() || !INSTALLED.compareAndSet(false, true)) {
            return NONE;
        }
        TerminationSignals t = new TerminationSignals(loop);
        for (OsSignal s : new OsSignal[] {OsSignal.TERM, OsSignal.INT}) {
            if (!Signals.isHandled(s)) {
                t.take(new Signal(s.name()));
            }
        }
        return t;
    }

    private void take(Signal signal) {
        SignalHandler[] previous = new SignalHandler[1];
        SignalHandler ours = sig -> {
            Signal.handle(sig, previous[0]); // the next one is the JVM's again
            if (active) {
                loop.setExit(128 + sig.getNumber());
            } else {
                Signal.raise(sig);
            }
        };
        try {
            previous[0] = Signal.handle(signal, ours);
        } catch (IllegalArgumentException reservedByTheJvm) { // e.g. -Xrs
            return;
        }
        installed.add(new Installed(signal, previous[0], ours));
    }

    @Override
    public void close() {
        if (this == NONE) {
            return;
        }
        active = false;
        for (Installed i : installed) {
            SignalHandler current = Signal.handle(i.signal, i.previous);
            if (current != i.ours && current != i.previous) {
                Signal.handle(i.signal, current); // someone registered their own meanwhile: keep theirs
            }
        }
        INSTALLED.set(false);
    }
}
