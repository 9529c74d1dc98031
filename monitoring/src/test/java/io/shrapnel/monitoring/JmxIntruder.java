package io.shrapnel.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What another local user tries against a {@link JmxEndpoint}, run by {@link JmxSecurityTest} as that
 * user in a JVM of its own ({@code runuser -u <user> -- java -cp test-classes ...}). JDK classes
 * only, so it needs nothing but this class. Prints one line per attempt: {@code <attempt>: refused
 * (<why>)} or {@code <attempt>: GOT IN}.
 *
 * <p>Arguments: the endpoint's URL, its credentials file, the registry's port.
 */
public final class JmxIntruder {
    /** A remote interface to offer the registry in place of the connector's stub. */
    public interface Decoy extends Remote {
    }

    private static final class DecoyImpl implements Decoy {
    }

    private JmxIntruder() {
    }

    public static void main(String[] args) throws Exception {
        JMXServiceURL url = new JMXServiceURL(args[0]);
        Path credentials = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        attempt("read-credentials", () -> Files.readString(credentials));
        attempt("no-credentials", () -> JMXConnectorFactory.connect(url).close());
        attempt("guessed-password", () -> JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {JmxEndpoint.USER, "0123456789abcdef0123456789abcdef"}))
                .close());
        attempt("rebind-registry", () -> {
            Decoy decoy = new DecoyImpl();
            Remote stub = UnicastRemoteObject.exportObject(decoy, 0);
            try {
                LocateRegistry.getRegistry("127.0.0.1", port).rebind("jmxrmi", stub);
            } finally {
                UnicastRemoteObject.unexportObject(decoy, true);
            }
        });
        System.out.println("done");
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void attempt(String what, Attempt a) {
        try {
            a.run();
            System.out.println(what + ": GOT IN");
        } catch (Exception | Error e) {
            System.out.println(what + ": refused (" + e.toString().replace('\n', ' ') + ")");
        }
    }
}
