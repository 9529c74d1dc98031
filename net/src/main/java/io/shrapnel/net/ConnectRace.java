package io.shrapnel.net;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Poller;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.internal.Waiter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects to the first of several addresses that answers, as "happy eyeballs" does (RFC 8305, in
 * its simple form): the first address is tried; if it has not connected after the attempt delay
 * (250 ms), or as soon as it fails, the next one is tried beside it, and so on; the first connection
 * made wins and every other attempt is closed. A host whose IPv6 path is broken then costs a
 * quarter second, not a connect timeout. If every address fails, the error names each one and why.
 *
 * <p>Each attempt waits for its connect in a coro of its own (one coro can wait for one channel);
 * the race does not return before they have all exited.
 *
 * <p>Threading: one race runs on the caller's loop, from its coro.
 */
final class ConnectRace {
    /** RFC 8305 §5's recommended Connection Attempt Delay. */
    static final Duration ATTEMPT_DELAY = Duration.ofMillis(250);

    /** Opens a non-blocking channel for one attempt (options applied, source address bound). */
    @FunctionalInterface
    interface Opener {
        SocketChannel open(InetSocketAddress address) throws IOException;
    }

    /** Told when an attempt's channel is given up. */
    @FunctionalInterface
    interface Discard {
        void discarded(SocketChannel channel);
    }

    private final class Attempt {
        final InetSocketAddress address;
        final SocketChannel channel;
        Coro coro;

        Attempt(InetSocketAddress address, SocketChannel channel) {
            this.address = address;
            this.channel = channel;
        }

        void run() {
            try {
                if (!channel.connect(address)) {
                    while (!channel.finishConnect()) {
                        poller.awaitConnectable(channel);
                    }
                }
                finished(this, null);
            } catch (ClosedError lost) {
                running.remove(this); // closed by the race: another attempt won, or the caller gave up
            } catch (IOException e) {
                finished(this, e);
            }
        }
    }

    private final String host;
    private final Poller poller;
    private final Discard discard;
    private final List<Attempt> running = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<IOException> errors = new ArrayList<>();
    private Attempt winner;
    private Waiter caller;

    private ConnectRace(String host, Poller poller, Discard discard) {
        this.host = host;
        this.poller = poller;
        this.discard = discard;
    }

    /**
     * The connected channel of the first address that accepts.
     *
     * @throws ConnectException naming every address and its error, if none accepts
     */
    static SocketChannel run(String host, List<InetSocketAddress> addresses, Duration delay, Opener opener,
                             Discard discard) throws IOException {
        Coro me = Coro.current();
        if (me == null) {
            throw new IllegalStateException("connect must be called from inside a coro: it parks the coro until "
                    + "the connection is made. Spawn a coro (Coro.spawn) and run the loop.");
        }
        ConnectRace race = new ConnectRace(host, me.scheduler().poller(), discard);
        try {
            return race.race(addresses, delay, opener);
        } finally {
            race.closeAll();
        }
    }

    private SocketChannel race(List<InetSocketAddress> addresses, Duration delay, Opener opener) throws IOException {
        int next = 0;
        while (winner == null) {
            if (running.isEmpty()) {
                if (next == addresses.size()) {
                    throw allFailed(addresses.getLast().getPort());
                }
                start(addresses.get(next++), opener);
                continue;
            }
            if (next < addresses.size()) {
                try {
                    Coro.withTimeout(delay, this::awaitNews);
                } catch (TimeoutError slow) {
                    start(addresses.get(next++), opener); // the others keep going
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception impossible) {
                    throw new IllegalStateException(impossible);
                }
            } else {
                awaitNews();
            }
        }
        Attempt won = winner;
        running.remove(won);
        return won.channel;
    }

    private void start(InetSocketAddress address, Opener opener) {
        SocketChannel ch;
        try {
            ch = opener.open(address);
        } catch (IOException e) {
            failures.add(address + ": " + e.getMessage());
            errors.add(e);
            return;
        }
        Attempt a = new Attempt(address, ch);
        running.add(a);
        a.coro = Coro.spawn("connect " + host + " " + address, a::run);
    }

    /** Parks until an attempt connects or fails. */
    private void awaitNews() {
        Waiter w = Waiter.begin(this);
        caller = w;
        try {
            w.await();
        } finally {
            caller = null;
        }
    }

    private void finished(Attempt a, IOException error) {
        running.remove(a);
        if (error == null && winner == null) {
            winner = a;
            running.add(a); // until race() takes it: closed with the rest if the caller gives up first
        } else {
            if (error != null) {
                failures.add(a.address + ": " + error.getMessage());
                errors.add(error);
            }
            close(a);
        }
        Waiter w = caller;
        if (w != null) {
            w.wake(null);
        }
    }

    private void close(Attempt a) {
        try {
            poller.close(a.channel); // wakes its coro with ClosedError if it is still connecting
        } catch (IOException ignored) {
            // a connect that failed may fail to close too; nothing left to release
        }
        discard.discarded(a.channel);
    }

    /**
     * Closes every attempt still running (on success the winner is no longer among them; on failure
     * or when the caller gave up, it is) and waits for their coros to exit.
     */
    private void closeAll() {
        List<Attempt> left = new ArrayList<>(running);
        running.clear();
        for (Attempt a : left) {
            close(a);
        }
        for (Attempt a : left) {
            a.coro.join();
        }
    }

    private ConnectException allFailed(int port) {
        ConnectException e = new ConnectException("connect to " + host + " port " + port + " failed: "
                + String.join("; ", failures));
        for (IOException each : errors) {
            e.addSuppressed(each);
        }
        return e;
    }
}
