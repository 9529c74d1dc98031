package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
    @Test
    void readsServersSearchAndOptions() {
        ResolvConf c = ResolvConf.parse("""
                # comment
                ; another
                nameserver 10.0.0.1
                nameserver ::1
                nameserver not-an-address
                domain ignored.example
                search corp.example example
                options ndots:3 timeout:2 attempts:4 rotate edns0
                sortlist 10.0.0.0/8
                """);
        assertEquals(List.of(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.1"), 53),
                new InetSocketAddress(InetAddress.ofLiteral("::1"), 53)), c.servers());
        assertEquals(List.of(DnsName.of("corp.example"), DnsName.of("example")), c.search());
        assertEquals(3, c.ndots());
        assertEquals(Duration.ofSeconds(2), c.timeout());
        assertEquals(4, c.attempts());
        assertTrue(c.rotate());
    }

    @Test
    void theLastOfDomainAndSearchWins() {
        assertEquals(List.of(DnsName.of("b.example")),
                ResolvConf.parse("search a.example\ndomain b.example\n").search());
    }

    @Test
    void optionsAreCappedAsGlibcCapsThem() {
        ResolvConf c = ResolvConf.parse("options ndots:99 timeout:0 attempts:50\n");
        assertEquals(15, c.ndots());
        assertEquals(Duration.ofSeconds(1), c.timeout());
        assertEquals(5, c.attempts());
    }

    @Test
    void noServersOrNoFileMeansLocalhostPort53() throws Exception {
        assertEquals(ResolvConf.DEFAULT.servers(), ResolvConf.parse("search x\n").servers());
        assertEquals(ResolvConf.DEFAULT, ResolvConf.load(Path.of("/nonexistent/resolv.conf")));
    }
}
