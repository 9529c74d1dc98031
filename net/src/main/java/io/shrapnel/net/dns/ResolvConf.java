package io.shrapnel.net.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a stub resolver takes from {@code /etc/resolv.conf} (resolv.conf(5)): the name servers, the
 * search list, and the options {@code ndots}, {@code timeout}, {@code attempts} and {@code rotate},
 * with glibc's defaults and caps. A missing file means a server on 127.0.0.1:53 and no search list,
 * as glibc has it.
 *
 * <p>{@code nameserver} lines take an address only (port 53), as glibc's do; give servers on other
 * ports to {@link DnsResolver.Builder#servers}. Unknown keywords and options are ignored.
 */
public record ResolvConf(List<InetSocketAddress> servers, List<DnsName> search, int ndots, Duration timeout,
                         int attempts, boolean rotate) {
    public static final int DNS_PORT = 53;
    public static final Path DEFAULT_PATH = Path.of("/etc/resolv.conf");
    /** glibc's defaults: ndots 1, 5 s per server, 2 rounds over the servers. */
    public static final ResolvConf DEFAULT = new ResolvConf(
            List.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), DNS_PORT)), List.of(), 1,
            Duration.ofSeconds(5), 2, false);

    public ResolvConf {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
        Objects.requireNonNull(timeout, "timeout");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a resolver needs at least one name server");
        }
        if (ndots < 0 || attempts < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ndots >= 0, attempts >= 1 and a positive timeout, not ndots="
                    + ndots + " attempts=" + attempts + " timeout=" + timeout);
        }
    }

    /** Reads {@code path}; a missing file gives {@link #DEFAULT}. File I/O: call it off the loop or at startup. */
    public static ResolvConf load(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException missing) {
            return DEFAULT;
        }
    }

    /** Parses the text of a resolv.conf. */
    public static ResolvConf parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<DnsName> search = List.of();
        int ndots = DEFAULT.ndots;
        int timeoutSeconds = (int) DEFAULT.timeout.toSeconds();
        int attempts = DEFAULT.attempts;
        boolean rotate = false;
        for (String raw : text.split("\n")) {
            String[] words = raw.strip().split("\\s+");
            if (words[0].isEmpty() || words[0].startsWith("#") || words[0].startsWith(";")) {
                continue;
            }
            switch (words[0]) {
                case "nameserver" -> {
                    if (words.length > 1) {
                        InetAddress a = literal(words[1]);
                        if (a != null) {
                            servers.add(new InetSocketAddress(a, DNS_PORT));
                        }
                    }
                }
                case "domain" -> search = words.length > 1 ? names(words, 1, 2) : List.of();
                case "search" -> search = names(words, 1, words.length);
                case "options" -> {
                    for (int i = 1; i < words.length; i++) {
                        String o = words[i];
                        if (o.startsWith("ndots:")) {
                            ndots = Math.min(15, number(o, ndots));
                        } else if (o.startsWith("timeout:")) {
                            timeoutSeconds = Math.clamp(number(o, timeoutSeconds), 1, 30);
                        } else if (o.startsWith("attempts:")) {
                            attempts = Math.clamp(number(o, attempts), 1, 5);
                        } else if (o.equals("rotate")) {
                            rotate = true;
                        }
                    }
                }
                default -> { } // sortlist, lookup, ...: not for a stub resolver
            }
        }
        return new ResolvConf(servers.isEmpty() ? DEFAULT.servers : servers, search, ndots,
                Duration.ofSeconds(timeoutSeconds), attempts, rotate);
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException notAnAddress) {
            return null; // glibc skips such lines too
        }
    }

    private static List<DnsName> names(String[] words, int from, int to) {
        List<DnsName> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            try {
                DnsName n = DnsName.of(words[i]);
                if (!n.isRoot()) {
                    out.add(n);
                }
            } catch (IllegalArgumentException badName) {
                // skipped, as a resolver that cannot use it would
            }
        }
        return out;
    }

    private static int number(String option, int fallback) {
        try {
            return Math.max(0, Integer.parseInt(option.substring(option.indexOf(':') + 1)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
