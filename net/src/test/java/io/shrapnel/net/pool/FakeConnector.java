package io.shrapnel.net.pool;

import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A connector over numbered fake connections whose behaviour each test steers. Loop-confined. */
final class FakeConnector implements Connector<FakeConnector.Conn> {
    static final class Conn {
        final int id;
        boolean open = true;
        boolean healthy = true;
        boolean brokenOnReset;
        int resets;
        int checks;

        Conn(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "conn#" + id;
        }
    }

    final List<Conn> opened = new ArrayList<>();
    Duration openDelay = Duration.ZERO;
    IOException openFailure;
    int failingOpens = Integer.MAX_VALUE; // how many opens openFailure applies to
    RuntimeException closeFailure;
    Duration closeDelay = Duration.ZERO; // a close that parks (a goodbye sent to the server)

    @Override
    public Conn open() throws IOException {
        if (!openDelay.isZero()) {
            Coro.sleep(openDelay);
        }
        if (openFailure != null && failingOpens > 0) {
            failingOpens--;
            throw openFailure;
        }
        Conn c = new Conn(opened.size() + 1);
        opened.add(c);
        return c;
    }

    @Override
    public boolean check(Conn c) throws IOException {
        c.checks++;
        if (!c.open) {
            throw new IOException("closed");
        }
        return c.healthy;
    }

    @Override
    public void reset(Conn c) throws IOException {
        c.resets++;
        if (c.brokenOnReset) {
            throw new IOException("broken");
        }
    }

    @Override
    public void close(Conn c) {
        c.open = false;
        if (!closeDelay.isZero()) {
            Coro.sleep(closeDelay);
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    long openCount() {
        return opened.stream().filter(c -> c.open).count();
    }
}
