package io.shrapnel.kernel;

/** The code a coro runs: straight-line, blocking code that may throw. */
@FunctionalInterface
public interface Body {
    void run() throws Exception;
}
