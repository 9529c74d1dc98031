package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The SIGTERM/SIGINT handlers {@link Coro#eventLoop()} puts in place while it runs, in this JVM (the
 * flags tests check the same from outside, in a child JVM). A signal is raised only once the test has
 * seen the loop's handler in place, so a broken install fails the test instead of ending the JVM.
 */
@ExtendWith(CoroTestExtension.class)
class TerminationSignalsTest {
    private static final Signal TERM = new Signal("TERM");

    /**
     * The handler the JVM runs for {@code sig} now (swapped for the default and straight back; not for
     * "ignore": the JVM does not install a handler over a termination signal that is ignored).
     */
    private static SignalHandler current(Signal sig) {
        SignalHandler h = Signal.handle(sig, SignalHandler.SIG_DFL);
        Signal.handle(sig, h);
        return h;
    }

    /** The JVM's own handler (each read wraps it anew, so it is told by what it wraps). */
    private static void assertJvms(SignalHandler h, String message) {
        assertTrue(h.toString().contains("java.lang.Terminator"), message + ": " + h);
    }

    private static void assertLoops(SignalHandler h, String message) {
        assertTrue(h.toString().contains(TerminationSignals.class.getName()), message + ": " + h);
    }

    private static void stop(Scheduler s) {
        for (Coro c : s.coros()) {
            c.shutdown();
        }
        s.runUntilDone();
        s.close();
    }

    @Test
    void sigtermEndsTheRunningLoopWith143AndTheNextOneIsTheJvmsAgain() {
        SignalHandler jvm = current(TERM);
        Scheduler s = Scheduler.create("terminated");
        try {
            int code;
            try (TerminationSignals t = TerminationSignals.install(s)) {
                assertLoops(current(TERM), "the loop's handler is in place");
                s.spawn("raiser", () -> {
                    Signal.raise(TERM);
                    Coro.sleep(Duration.ofSeconds(20)); // long after the handler should have ended the loop
                    Coro.setExit(-1);
                });
                code = s.run();
                assertJvms(current(TERM), "the handler gave the signal back as it ran");
            }
            assertEquals(128 + 15, code);
            assertJvms(current(TERM), "after close");
        } finally {
            stop(s);
        }
    }

    @Test
    void oneLoopAtATimeTakesTheSignalsAndAHandlerSetMeanwhileIsKept() {
        SignalHandler jvm = current(TERM);
        Scheduler a = Scheduler.create("first");
        Scheduler b = Scheduler.create("second");
        try {
            TerminationSignals first = TerminationSignals.install(a);
            SignalHandler ours = current(TERM);
            assertLoops(ours, "installed");
            try (TerminationSignals second = TerminationSignals.install(b)) {
                assertSame(ours, current(TERM), "a second install while one is in place does nothing");
            }
            assertSame(ours, current(TERM), "closing the install that did nothing changes nothing");
            SignalHandler mine = sig -> { };
            Signal.handle(TERM, mine);
            first.close();
            assertSame(mine, current(TERM), "a handler set while the loop ran is kept");
            Signal.handle(TERM, jvm);

            try (TerminationSignals again = TerminationSignals.install(b)) {
                assertLoops(current(TERM), "closing made room for the next install");
            }
            assertJvms(current(TERM), "and closing that one puts the JVM's handler back");
        } finally {
            Signal.handle(TERM, jvm);
            a.close();
            b.close();
        }
    }

    @Test
    void nothingIsInstalledWhenExitOnTerminationIsOffOrTheSignalHasAHandlerOfYours() {
        SignalHandler jvm = current(TERM);
        Scheduler s = Scheduler.create("quiet");
        try {
            Signals.setExitOnTermination(false);
            try (TerminationSignals t = TerminationSignals.install(s)) {
                assertJvms(current(TERM), "exit on termination is off");
            } finally {
                Signals.setExitOnTermination(true);
            }
            try (Signals.Registration r = Signals.handle(OsSignal.TERM, s, () -> { })) {
                SignalHandler yours = current(TERM);
                assertTrue(yours.toString().contains(Signals.class.getName()), yours.toString());
                try (TerminationSignals t = TerminationSignals.install(s)) {
                    assertSame(yours, current(TERM), "SIGTERM is left to your handler");
                }
                assertSame(yours, current(TERM));
            }
            assertJvms(current(TERM), "your handler closed");
        } finally {
            Signal.handle(TERM, jvm);
            stop(s);
        }
    }
}
