package io.shrapnel.dashboard;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/** Starts dashboards for tests on a free port of this module's range (28000-28499), retrying on a clash. */
final class Dashboards {
    static final int FIRST_PORT = 28000;
    static final int LAST_PORT = 28499;

    private Dashboards() {}

    static Dashboard start(Path tokenDir, UnaryOperator<DashboardOptions.Builder> more) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
            try {
                return Dashboard.start(more.apply(DashboardOptions.builder().port(port).tokenDirectory(tokenDir)).build());
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException) && !String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + "-" + LAST_PORT, last);
    }

    static Dashboard start(Path tokenDir) throws IOException {
        return start(tokenDir, b -> b);
    }
}
