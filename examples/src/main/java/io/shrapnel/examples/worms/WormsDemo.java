package io.shrapnel.examples.worms;

import io.shrapnel.kernel.Coro;
import io.shrapnel.monitoring.ProfileReport;
import io.shrapnel.monitoring.Profiler;
import io.shrapnel.monitoring.Sampling;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The original tutorial's worms: {@code bin/demo worms}, then {@code telnet 127.0.0.1 7001}. Hundreds
 * of worms, each a coro, crawl in one arena; each telnet client sees its own window of it, drawn with
 * ANSI escapes. With {@code --profile FILE} it runs for {@code --seconds} under the profiler with
 * {@code --viewers} clients of its own watching, writes the report and its HTML page, and exits.
 *
 * <pre>
 * bin/demo worms [--port 7001] [--worms 200] [--width 150] [--height 50]
 *                [--profile FILE [--seconds 10] [--viewers 4]]
 * </pre>
 */
public final class WormsDemo {
    /** The methods the profiled run counts and times exactly (JFR method filters). */
    static final List<String> TIMED = List.of(Worm.class.getName() + "::move", Arena.class.getName() + "::draw",
            View.class.getName() + "::paint");

    private WormsDemo() {}

    public static void main(String[] args) throws Exception {
        WormsOptions o;
        try {
            o = WormsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/demo worms: " + e.getMessage());
            System.err.println(WormsOptions.USAGE);
            System.exit(2);
            return;
        }
        Arena arena = new Arena(o.width(), o.height(), new Random());
        TcpSock listener = TcpSock.create();
        Coro.spawnCritical("worms-main", () -> {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()));
            listener.listen(TcpServer.defaultBacklog());
            int added = arena.populate(o.worms());
            System.out.println(added + " worms, arena " + o.width() + " x " + o.height() + "; worms listening on "
                    + listener.localAddress() + "   telnet 127.0.0.1 " + o.port());
            if (o.profile() != null) {
                Coro.spawn("worms-end", () -> {
                    InetSocketAddress at = (InetSocketAddress) listener.localAddress();
                    for (int i = 0; i < o.viewers(); i++) {
                        Coro.spawn("viewer", () -> Viewer.watch(at));
                    }
                    Coro.sleep(Duration.ofSeconds(o.seconds()));
                    Coro.setExit(0);
                });
            }
            Coro.spawn("worms-status", () -> status(arena));
            while (true) {
                TcpSock conn = listener.accept();
                Coro.spawn("worms-client", () -> {
                    try {
                        new View(arena, conn).run();
                    } catch (IOException e) {
                        // the client went away
                    }
                });
            }
        });
        if (o.profile() == null) {
            System.exit(Coro.eventLoop());
        }
        // CPU-time samples of the running coros, and every call of the worms' own hot methods counted
        // and timed, as the original profiler counted calls per function.
        Profiler.start(Profiler.DEFAULT_SAMPLE_PERIOD, Sampling.CPU_TIME, TIMED);
        try {
            Coro.eventLoop();
        } finally {
            Profiler.stop(o.profile());
        }
        listener.close();
        System.out.println("profile of " + arena.wormCount() + " worms for " + o.seconds() + " s in " + o.profile());
        ProfileReport.main(new String[] {o.profile().toString()});
        System.exit(0);
    }

    private static void status(Arena arena) {
        while (true) {
            Coro.sleep(Duration.ofSeconds(10));
            Coro.printStderr(arena.wormCount() + " worms, " + Coro.whereAll().size() + " coros");
        }
    }

    /** The flags; {@code profile} is null unless profiling. */
    record WormsOptions(int port, int worms, int width, int height, Path profile, int seconds, int viewers) {
        static final String USAGE = "usage: bin/demo worms [--port 7001] [--worms 200] [--width 150] [--height 50]"
                + " [--profile FILE [--seconds 10] [--viewers 4]]";

        static WormsOptions parse(String... args) {
            int port = 7001;
            int worms = 200;
            int width = 150;
            int height = 50;
            Path profile = null;
            int seconds = 10;
            int viewers = 4;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--port" -> port = number(v, 1, 65535);
                    case "--worms" -> worms = number(v, 0, 100_000);
                    case "--width" -> width = number(v, 3, 1000);
                    case "--height" -> height = number(v, 3, 1000);
                    case "--profile" -> profile = Path.of(v);
                    case "--seconds" -> seconds = number(v, 1, 3600);
                    case "--viewers" -> viewers = number(v, 0, 1000);
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            return new WormsOptions(port, worms, width, height, profile, seconds, viewers);
        }

        private static int number(String v, int min, int max) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, not '" + v + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("expected " + min + " to " + max + ", not " + n);
            }
            return n;
        }
    }
}
