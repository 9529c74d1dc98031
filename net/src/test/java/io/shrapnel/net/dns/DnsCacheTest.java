package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsCacheTest {
    private static final long S = 1_000_000_000L;

    private static DnsCache.Key key(String name) {
        return new DnsCache.Key(DnsName.of(name), RecordType.A);
    }

    private static Outcome answer(String name, long ttl) {
        return new Outcome.Answer(new DnsAnswer(DnsName.of(name), RecordType.A, DnsName.of(name),
                List.of(FakeDnsServer.a(name, "127.0.0.1", ttl)), List.of(), ttl));
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedFirst() {
        DnsCache c = new DnsCache(new CachePolicy(2, Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1)));
        c.put(key("a"), answer("a", 300), 0);
        c.put(key("b"), answer("b", 300), 0);
        assertNotNull(c.get(key("a"), 0)); // a is now more recent than b
        c.put(key("c"), answer("c", 300), 0);
        assertNull(c.get(key("b"), 0));
        assertNotNull(c.get(key("a"), 0));
        assertNotNull(c.get(key("c"), 0));
        assertEquals(1, c.snapshot().evictions());
        assertEquals(2, c.snapshot().size());
    }

    @Test
    void entriesExpireAfterTheirTtlAndReportWhatIsLeft() {
        DnsCache c = new DnsCache(CachePolicy.DEFAULT);
        c.put(key("a"), answer("a", 300), 0);
        assertEquals(200, c.get(key("a"), 100 * S).ttlSeconds());
        assertNull(c.get(key("a"), 300 * S));
    }

    @Test
    void keysIgnoreCase() {
        DnsCache c = new DnsCache(CachePolicy.DEFAULT);
        c.put(key("WWW.Example"), answer("www.example", 300), 0);
        assertNotNull(c.get(key("www.example"), 0));
    }

    @Test
    void negativeAnswersAreBoundedByTheirOwnMaximum() {
        DnsCache c = new DnsCache(new CachePolicy(10, Duration.ZERO, Duration.ofDays(1), Duration.ofSeconds(30)));
        c.put(key("nx"), new Outcome.NameNotFound(DnsName.of("nx"), DnsName.of("nx"), 3600), 0);
        assertInstanceOf(Outcome.NameNotFound.class, c.get(key("nx"), 29 * S));
        assertNull(c.get(key("nx"), 30 * S));
    }

    @Test
    void failuresAreNeverCached() {
        DnsCache c = new DnsCache(CachePolicy.DEFAULT);
        c.put(key("f"), new Outcome.Failed(new DnsLookupException(DnsLookupException.Reason.TIMEOUT, "t")), 0);
        assertNull(c.get(key("f"), 0));
    }
}
