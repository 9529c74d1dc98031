package io.shrapnel.codecs.amqp;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real RabbitMQ per test JVM (servers/rabbitmq-amqp.sh), started by the first test class that
 * needs it and stopped when the JVM exits (a shutdown hook; a guard process stops it when the JVM was
 * killed). Not JUnit's root store: PIT runs every test unit in a launcher of its own, whose root
 * store would stop and start the broker (5-8 s) for each test; per JVM, a PIT minion pays one start.
 * Tests therefore leave the broker as they found it (fresh names, watermark restored).
 *
 * <p>With {@code AMQP_TEST_BROKER=DIR} in the environment, the tests use the broker already running
 * in DIR (servers/rabbitmq-amqp.sh start DIR PORT) and never stop it: bin/mutation-amqp starts one
 * for a whole PIT run, so a minion killed at a mutant's time-out costs no new broker (5-60 s on a
 * loaded machine). Attaching resets the memory watermark, which a killed minion may have left low.
 *
 * <p>Threading: JUnit's thread starts it (under the class lock); {@link #ctl} runs rabbitmqctl (from
 * a platform thread, or through {@code Coro.offload}).
 */
public final class Broker implements BeforeAllCallback {
    private static final Path SCRIPT = Path.of("../../servers/rabbitmq-amqp.sh").toAbsolutePath().normalize();
    private static final int[] PORTS = {26620, 26630, 26640, 26650};

    private static volatile Running running;

    /** The broker's AMQP port. */
    public static int port() {
        return running.port;
    }

    /** The broker's AMQPS (TLS) port. */
    public static int tlsPort() {
        return running.port + 3;
    }

    /** A file of the broker's state directory: ca.crt, client.crt, client.key. */
    public static Path file(String name) {
        return running.dir.resolve(name);
    }

    /** A config for the broker with user test/test. */
    public static AmqpConfig.Builder config() {
        return AmqpConfig.builder().port(port()).credentials("test", "test");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (Broker.class) {
            if (running == null) {
                running = Running.start();
            }
        }
    }

    /** Runs rabbitmqctl against the test broker; returns its output, fails if it fails. */
    public static String ctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "ctl", running.dir.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        // in the broker's temporary directory: a broker killed mid-run writes its erl_crash.dump there
        Process p = new ProcessBuilder(cmd).directory(new File(cmd.get(2))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
        return out;
    }

    static final class Running implements AutoCloseable {
        final Path dir;
        final int port;

        private Running(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        static Running start() {
            String shared = System.getenv("AMQP_TEST_BROKER");
            return shared == null || shared.isEmpty() ? startOwn() : attach(Path.of(shared));
        }

        private static Running attach(Path dir) {
            try {
                Running r = new Running(dir, Integer.parseInt(Files.readString(dir.resolve("port")).trim()));
                running = r;
                ctl("set_vm_memory_high_watermark", "0.4");
                return r;
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw new IllegalStateException("could not use the RabbitMQ in AMQP_TEST_BROKER=" + dir + ": " + e, e);
            }
        }

        private static Running startOwn() {
            try {
                Path dir = Files.createTempDirectory("amqp-broker");
                int port = freePort();
                // the guard stops the broker once this JVM is gone, even killed (no shutdown hook runs then)
                new ProcessBuilder(SCRIPT.toString(), "guard", dir.toString(), Long.toString(ProcessHandle.current().pid()))
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                run(List.of(SCRIPT.toString(), "start", dir.toString(), Integer.toString(port)));
                Running r = new Running(dir, port);
                Runtime.getRuntime().addShutdownHook(new Thread(r::stopQuietly, "rabbitmq-stop"));
                return r;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start RabbitMQ with " + SCRIPT + ": " + e.getMessage(), e);
            }
        }

        private static int freePort() {
            for (int p : PORTS) {
                if (!listening(p) && !listening(p + 1) && !listening(p + 2) && !listening(p + 3)) {
                    return p;
                }
            }
            throw new IllegalStateException("no four free ports for RabbitMQ among " + java.util.Arrays.toString(PORTS));
        }

        private static boolean listening(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws Exception {
            run(List.of(SCRIPT.toString(), "stop", dir.toString()));
        }

        private void stopQuietly() {
            if (Files.exists(dir)) {
                try {
                    close();
                } catch (Exception e) {
                    System.err.println("could not stop RabbitMQ in " + dir + ": " + e);
                }
            }
        }
    }
}
