package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReverseNameTest {
    @Test
    void ipv4ReversesItsFourBytesUnderInAddrArpa() {
        assertEquals("4.3.2.1.in-addr.arpa", ReverseName.of(InetAddress.ofLiteral("1.2.3.4")).toString());
    }

    @Test
    void ipv6ReversesItsThirtyTwoNibblesUnderIp6Arpa() {
        assertEquals("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa",
                ReverseName.of(InetAddress.ofLiteral("4321:0:1:2:3:4:567:89ab")).toString()); // RFC 3596 §2.5
    }
}
