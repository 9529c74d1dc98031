package io.shrapnel.net.internal;

import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.time.Duration;

/**
 * What a listener does when accept fails for lack of file descriptors (EMFILE, ENFILE) or kernel
 * memory: the pending connection stays in the listen queue and the listener stays readable, so
 * waiting for readability again would spin the CPU. Instead the accepting coro sleeps, 10 ms at
 * first and doubling up to 1 s, then tries again; it says so on stderr once per episode, and once
 * when accepts work again.
 *
 * <p>Threading: owned by one listener, used by the coro accepting on it.
 */
public final class AcceptPause {
    static final Duration FIRST = Duration.ofMillis(10);
    static final Duration LONGEST = Duration.ofSeconds(1);

    private final Object listener;
    private Duration next = FIRST;
    private long pauses;

    public AcceptPause(Object listener) {
        this.listener = listener;
    }

    /**
     * True for the errors that mean "no resources now, try later". The JDK gives no errno, only
     * strerror's text, which is stable on Linux and macOS.
     */
    public static boolean isResourceExhaustion(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Too many open files") // EMFILE, ENFILE
                || m.contains("No buffer space available")      // ENOBUFS
                || m.contains("Cannot allocate memory"));       // ENOMEM
    }

    /** Sleeps before the next attempt. */
    public void pause(IOException cause) {
        if (pauses++ == 0) {
            Coro.printStderr("accept on " + listener + ": " + cause.getMessage()
                    + "; pausing accepts (" + FIRST.toMillis() + " ms, backing off to " + LONGEST.toMillis()
                    + " ms) until resources are free; pending connections wait in the listen queue");
        }
        Duration d = next;
        next = d.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : d.multipliedBy(2);
        Coro.sleep(d);
    }

    /** An accept worked: end the episode. */
    public void resumed() {
        if (pauses > 0) {
            Coro.printStderr("accept on " + listener + " resumed after " + pauses + " pause(s)");
            pauses = 0;
            next = FIRST;
        }
    }

    /** Pauses taken in the current episode (0 when accepts work). */
    public long pauses() {
        return pauses;
    }
}
