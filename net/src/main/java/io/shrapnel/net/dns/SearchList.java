package io.shrapnel.net.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * The names to try for what a user typed, as resolv.conf(5) has it: a name ending in a dot is
 * absolute and tried alone; a name with at least {@code ndots} dots is tried as given first, then
 * with each search domain; a shorter one with each search domain first, then as given.
 *
 * <p>Threading: immutable.
 */
record SearchList(List<DnsName> domains, int ndots) {
    SearchList {
        domains = List.copyOf(domains);
    }

    List<DnsName> candidates(String typed, DnsName name) {
        if (typed.endsWith(".") || domains.isEmpty()) {
            return List.of(name);
        }
        List<DnsName> out = new ArrayList<>(domains.size() + 1);
        boolean asIsFirst = name.labelCount() - 1 >= ndots;
        if (asIsFirst) {
            out.add(name);
        }
        for (DnsName domain : domains) {
            try {
                out.add(name.concat(domain));
            } catch (IllegalArgumentException tooLong) {
                // name + domain is over 255 bytes: that candidate cannot exist
            }
        }
        if (!asIsFirst) {
            out.add(name);
        }
        return out;
    }
}
