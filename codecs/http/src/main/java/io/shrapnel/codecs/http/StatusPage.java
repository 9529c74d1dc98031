package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.Scheduler;
import java.util.List;

/**
 * The original's {@code /status}: every coro of every loop, its state, what it is blocked on and the
 * line of your code where it waits, as plain text. Mount it where only you can reach it.
 *
 * <p>Threading: stateless; reads the loops' diagnostics.
 */
public final class StatusPage implements Handler {
    private StatusPage() {}

    public static StatusPage create() {
        return new StatusPage();
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        List<CoroInfo> all = Coro.whereAll();
        StringBuilder sb = new StringBuilder();
        sb.append(all.size()).append(" coros\n");
        for (Scheduler s : Scheduler.all()) {
            sb.append("loop ").append(s.stats()).append('\n');
        }
        sb.append('\n');
        for (CoroInfo c : all) {
            sb.append(c).append('\n');
        }
        res.header("Cache-Control", "no-store").send(sb.toString());
    }
}
