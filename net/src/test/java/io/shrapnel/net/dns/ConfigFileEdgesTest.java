package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf and hosts files as they are found in the wild (read from disk too), and names at their edges. */
class ConfigFileEdgesTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 53);

    @Test
    void aResolvConfIsReadFromItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "nameserver 10.0.0.9\noptions attempts:3\n");
        ResolvConf c = ResolvConf.load(file);
        assertEquals(List.of(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.9"), 53)), c.servers());
        assertEquals(3, c.attempts());
    }

    @Test
    void blankLinesBareKeywordsAndBadValuesAreSkipped() {
        ResolvConf c = ResolvConf.parse("""

                  \t
                nameserver
                domain
                search a..b ok.test . also.test
                options ndots:x timeout:-4 attempts:y ndots:-2
                """);
        assertEquals(List.of(LOCAL), c.servers());
        assertEquals(List.of(DnsName.of("ok.test"), DnsName.of("also.test")), c.search());
        assertEquals(0, c.ndots());
        assertEquals(Duration.ofSeconds(1), c.timeout());
        assertEquals(2, c.attempts());
        assertFalse(c.rotate());
        assertFalse(ResolvConf.parse("options edns0 inet6\n").rotate(), "an unknown option is not rotate");
        assertEquals(List.of(), ResolvConf.parse("search a.test\ndomain\n").search());
        ResolvConf fallbacks = ResolvConf.parse("options ndots:x timeout:y attempts:z\n");
        assertEquals(1, fallbacks.ndots());
        assertEquals(Duration.ofSeconds(5), fallbacks.timeout());
        assertEquals(2, fallbacks.attempts());
        assertEquals(15, ResolvConf.parse("options ndots:15\n").ndots());
        assertEquals(14, ResolvConf.parse("options ndots:14\n").ndots());
        assertEquals(Duration.ofSeconds(30), ResolvConf.parse("options timeout:31\n").timeout());
        assertEquals(1, ResolvConf.parse("options attempts:0\n").attempts());
    }

    @Test
    void aResolvConfNeedsAServerAndSaneOptions() {
        List<InetSocketAddress> one = List.of(LOCAL);
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new ResolvConf(List.of(), List.of(), 1, s, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ResolvConf(one, List.of(), -1, s, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ResolvConf(one, List.of(), 1, s, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new ResolvConf(one, List.of(), 1, Duration.ZERO, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ResolvConf(one, List.of(), 1, s.negated(), 1, false));
        assertEquals(0, new ResolvConf(one, List.of(), 0, Duration.ofNanos(1), 1, false).ndots());
    }

    @Test
    void aHostsFileIsReadFromItsFileAndBadNamesAndRepeatsAreSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "10.0.0.1 a..b good.test good.test\n10.0.0.1 GOOD.test\n");
        HostsFile h = HostsFile.load(file);
        assertEquals(List.of(InetAddress.ofLiteral("10.0.0.1")), h.addresses(DnsName.of("good.test")));
        assertEquals(1, h.size());
        assertEquals(DnsName.of("good.test"), h.names(InetAddress.ofLiteral("10.0.0.1")).getFirst());
        assertThrows(UnsupportedOperationException.class,
                () -> h.addresses(DnsName.of("good.test")).add(InetAddress.ofLiteral("10.6.6.6")));
        assertThrows(UnsupportedOperationException.class,
                () -> h.names(InetAddress.ofLiteral("10.0.0.1")).add(DnsName.of("evil.test")));
    }

    @Test
    void namesWithEscapesFollowTheSameRules() {
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\065..b"));
        assertEquals(DnsName.of("aA.b"), DnsName.of("a\\065.b."));
        assertEquals(2, DnsName.of("a\\065.b.").labelCount());
        IllegalArgumentException notDigits = assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\06x"));
        assertTrue(notDigits.getMessage().contains("three digits"), notDigits.getMessage());
        assertSame(DnsName.ROOT, DnsName.fromLabels(List.of()));
    }

    @Test
    void suffixesOutsideTheNameAreRefused() {
        DnsName n = DnsName.of("a.b");
        assertThrows(IndexOutOfBoundsException.class, () -> n.suffix(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> n.suffix(3));
        assertSame(DnsName.ROOT, n.suffix(2));
        assertEquals(DnsName.of("b"), n.suffix(1));
        assertNotEquals(n, (Object) "a.b");
    }

    @Test
    void byteValuesAtTheEdgesOfAsciiAndOfAnEscape() {
        assertArrayEquals(new byte[] {'a', 0x7f}, DnsName.of("a\\127").label(0));
        assertArrayEquals(new byte[] {'a', (byte) 0xff}, DnsName.of("a\\255").label(0));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\256"));
        assertArrayEquals(new byte[] {'a', 0x7f}, DnsName.of("a\u007f").label(0));
        assertArrayEquals(new byte[] {'a', (byte) 0xc2, (byte) 0x80}, DnsName.of("a\u0080").label(0));
    }

    @Test
    void errorsQuoteTheTextTheyCameFrom() {
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class, () -> DnsName.of("a..b"));
        assertEquals("empty label in DNS name in \"a..b\"", typed.getMessage());
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> DnsName.fromLabels(List.of(new byte[0])));
        assertEquals("empty label in DNS name", built.getMessage());
    }
}
