package io.shrapnel.rpc.demo;

import java.io.PrintStream;

/** The demo programs' command-line arguments: positional, each optional with a default. */
final class DemoArgs {
    private final String[] args;

    DemoArgs(String[] args) {
        this.args = args;
    }

    /** Argument {@code i}, or {@code otherwise} when there are fewer. */
    String text(int i, String otherwise) {
        return i < args.length ? args[i] : otherwise;
    }

    /** Argument {@code i} as a number from {@code min} to {@code max}, or {@code otherwise}. */
    int number(int i, int otherwise, int min, int max) {
        if (i >= args.length) {
            return otherwise;
        }
        int n;
        try {
            n = Integer.parseInt(args[i]);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("not a number: " + args[i]);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(args[i] + " is not in " + min + "-" + max);
        }
        return n;
    }

    /** Argument {@code i} as a TCP port (1-65535), or {@code otherwise}. */
    int port(int i, int otherwise) {
        return number(i, otherwise, 1, 65535);
    }

    /** Fails when there are more than {@code most} arguments. */
    DemoArgs atMost(int most) {
        if (args.length > most) {
            throw new IllegalArgumentException("too many arguments: " + args.length);
        }
        return this;
    }

    /** Says what was wrong and how to call the program on {@code err}; returns the status for bad arguments, 2. */
    static int usage(PrintStream err, IllegalArgumentException wrong, String usage) {
        err.println(wrong.getMessage());
        err.println(usage);
        return 2;
    }
}
