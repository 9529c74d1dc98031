package io.shrapnel.codecs.postgres;

import io.shrapnel.kernel.testing.TestLoop;

/** Runs a test body in a coro with a fresh connection to the test server as user test. */
final class Db {
    private Db() {}

    interface Body<T> {
        T run(PgConnection db) throws Exception;
    }

    static <T> T with(Body<T> body) throws Exception {
        return with(PgServer.get().test().build(), body);
    }

    static <T> T with(PgConfig config, Body<T> body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (PgConnection db = PgConnection.connect(config)) {
                    return body.run(db);
                }
            });
        }
    }
}
