package io.shrapnel.kernel.flags;

import io.shrapnel.kernel.Coro;

/**
 * Run by EventLoopSignalsTest in a fresh JVM: prints "ready" from a coro (the loop runs, so its
 * signal handlers are in place), then waits in Coro.eventLoop() for a signal. With the argument
 * "stuck" a coro then holds the loop for good, so setExit can never take effect.
 */
public final class EventLoopSignalsMain {
    private EventLoopSignalsMain() {}

    public static void main(String[] args) {
        boolean stuck = args.length > 0 && args[0].equals("stuck");
        Coro.setLatencyWarning(java.time.Duration.ZERO);
        Coro.spawn(() -> {
            System.out.println("ready");
            System.out.flush();
            if (stuck) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            }
        });
        int code = Coro.eventLoop();
        System.out.println("eventLoop returned " + code);
        System.exit(code);
    }
}
