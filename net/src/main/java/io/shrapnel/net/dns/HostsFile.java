package io.shrapnel.net.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static table of {@code /etc/hosts} (hosts(5)): the resolver asks it before DNS, for names and
 * for reverse lookups. Immutable once parsed.
 */
public final class HostsFile {
    public static final Path DEFAULT_PATH = Path.of("/etc/hosts");
    public static final HostsFile EMPTY = new HostsFile(Map.of(), Map.of());

    private final Map<DnsName, List<InetAddress>> byName;
    private final Map<InetAddress, List<DnsName>> byAddress;

    private HostsFile(Map<DnsName, List<InetAddress>> byName, Map<InetAddress, List<DnsName>> byAddress) {
        this.byName = byName;
        this.byAddress = byAddress;
    }

    /** Reads {@code path}; a missing file is an empty table. File I/O: call it off the loop or at startup. */
    public static HostsFile load(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException missing) {
            return EMPTY;
        }
    }

    /** Parses hosts-file text: an address, then a canonical name and aliases; {@code #} starts a comment. */
    public static HostsFile parse(String text) {
        Map<DnsName, List<InetAddress>> byName = new LinkedHashMap<>();
        Map<InetAddress, List<DnsName>> byAddress = new HashMap<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String[] words = (hash >= 0 ? raw.substring(0, hash) : raw).strip().split("\\s+");
            if (words.length < 2) {
                continue;
            }
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(words[0]);
            } catch (IllegalArgumentException notAnAddress) {
                continue;
            }
            for (int i = 1; i < words.length; i++) {
                DnsName name;
                try {
                    name = DnsName.of(words[i]);
                } catch (IllegalArgumentException badName) {
                    continue;
                }
                List<InetAddress> addresses = byName.computeIfAbsent(name, k -> new ArrayList<>(2));
                if (!addresses.contains(address)) {
                    addresses.add(address);
                }
                byAddress.computeIfAbsent(address, k -> new ArrayList<>(2)).add(name);
            }
        }
        byName.replaceAll((k, v) -> List.copyOf(v));
        byAddress.replaceAll((k, v) -> List.copyOf(v));
        return new HostsFile(Map.copyOf(byName), Map.copyOf(byAddress));
    }

    /** The addresses listed for {@code name} (any case), in file order; empty if none. */
    public List<InetAddress> addresses(DnsName name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The names listed for {@code address}, canonical name first; empty if none. */
    public List<DnsName> names(InetAddress address) {
        return byAddress.getOrDefault(address, List.of());
    }

    public int size() {
        return byName.size();
    }
}
