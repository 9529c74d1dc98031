package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.net.TlsConfig;
import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * What every session of one server shares.
 *
 * @param jail the served directory
 * @param users checks a user name and password (runs in the session's coro)
 * @param tls the server's TLS configuration, or null for no AUTH TLS
 * @param dataTls the TLS configuration of protected data connections
 * @param requireTls whether USER is refused before AUTH TLS and transfers before PROT P
 * @param passiveFrom first port of the passive range
 * @param passiveTo last port of the passive range
 * @param idle how long a session may wait for a command or a data connection
 */
public record ServerSettings(Jail jail, BiPredicate<String, String> users, TlsConfig tls, TlsConfig dataTls, boolean requireTls,
                             int passiveFrom, int passiveTo, Duration idle) {}
