package io.shrapnel.net.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The name a reverse lookup asks for: {@code 4.3.2.1.in-addr.arpa} for 1.2.3.4 (RFC 1035 §3.5),
 * the 32 nibbles reversed under {@code ip6.arpa} for IPv6 (RFC 3596 §2.5).
 */
final class ReverseName {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseName() {}

    static DnsName of(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(72);
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return DnsName.of(sb.append("in-addr.arpa.").toString());
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(HEX[b[i] & 0xf]).append('.').append(HEX[b[i] >> 4 & 0xf]).append('.');
        }
        return DnsName.of(sb.append("ip6.arpa.").toString());
    }
}
