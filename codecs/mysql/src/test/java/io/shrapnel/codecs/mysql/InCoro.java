package io.shrapnel.codecs.mysql;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.testing.TestLoop;

/** Runs a test body as a coro on a fresh loop (which must end with no coro left). */
final class InCoro {
    private InCoro() {}

    static void run(Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(body);
        }
    }
}
