package io.shrapnel.monitoring.internal.jmx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Lets in the clients that present the endpoint's user name and password, as JConsole and
 * {@code JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user,
 * password}))} send them. The password is compared in constant time.
 *
 * <p>Threading: immutable; called on RMI's threads.
 */
public final class TokenAuthenticator implements JMXAuthenticator {
    private final String user;
    private final byte[] password;

    public TokenAuthenticator(String user, String password) {
        this.user = user;
        this.password = password.getBytes(UTF_8);
    }

    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[0] == null || pair[1] == null) {
            throw new SecurityException("credentials required: a user name and a password (String[2]); the "
                    + "endpoint's owner finds them in its credentials file");
        }
        boolean passwordMatches = MessageDigest.isEqual(pair[1].getBytes(UTF_8), password);
        if (!passwordMatches || !user.equals(pair[0])) {
            throw new SecurityException("authentication failed");
        }
        return new Subject(true, Set.of(new JMXPrincipal(user)), Set.of(), Set.of());
    }
}
