package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsFileTest {
    private static final HostsFile HOSTS = HostsFile.parse("""
            127.0.0.1   localhost
            ::1         localhost ip6-localhost   # both families
            10.0.0.5    db.corp db
            10.0.0.6    db.corp
            garbage     ignored.example
            10.0.0.7
            """);

    @Test
    void namesMapToEveryAddressInFileOrderIgnoringCase() {
        assertEquals(List.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")),
                HOSTS.addresses(DnsName.of("LocalHost")));
        assertEquals(List.of(InetAddress.ofLiteral("10.0.0.5"), InetAddress.ofLiteral("10.0.0.6")),
                HOSTS.addresses(DnsName.of("db.corp")));
        assertEquals(List.of(InetAddress.ofLiteral("10.0.0.5")), HOSTS.addresses(DnsName.of("db")));
        assertTrue(HOSTS.addresses(DnsName.of("ignored.example")).isEmpty());
    }

    @Test
    void addressesMapBackToTheirNamesCanonicalFirst() {
        assertEquals(List.of(DnsName.of("db.corp"), DnsName.of("db")), HOSTS.names(InetAddress.ofLiteral("10.0.0.5")));
        assertTrue(HOSTS.names(InetAddress.ofLiteral("10.0.0.7")).isEmpty());
    }

    @Test
    void aMissingFileIsAnEmptyTable() throws Exception {
        assertEquals(0, HostsFile.load(Path.of("/nonexistent/hosts")).size());
    }
}
