package io.shrapnel.examples.chat;

import java.nio.file.Path;

/** The main demo's flags: ports below 32768 by default, the backdoor's socket path. */
record DemoOptions(int telnetPort, int httpPort, int dashboardPort, Path backdoor) {
    static final String USAGE = "usage: bin/demo [--telnet-port N] [--http-port N] [--dashboard-port N] [--backdoor PATH]"
            + "   (defaults: 7000, 7080, 7090, /tmp/shrapnel-demo.bd)";

    static DemoOptions parse(String... args) {
        int telnet = 7000;
        int http = 7080;
        int dashboard = 7090;
        Path backdoor = Path.of("/tmp/shrapnel-demo.bd");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--telnet-port" -> telnet = port(value);
                case "--http-port" -> http = port(value);
                case "--dashboard-port" -> dashboard = port(value);
                case "--backdoor" -> backdoor = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        return new DemoOptions(telnet, http, dashboard, backdoor);
    }

    private static int port(String value) {
        int p;
        try {
            p = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port is a number, not '" + value + "'");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("a port is 1 to 65535, not " + p);
        }
        return p;
    }
}
