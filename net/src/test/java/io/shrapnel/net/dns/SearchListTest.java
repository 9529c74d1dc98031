package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchListTest {
    private static final SearchList LIST = new SearchList(List.of(DnsName.of("a.example"), DnsName.of("example")), 2);

    private static List<String> candidates(String typed) {
        return LIST.candidates(typed, DnsName.of(typed)).stream().map(DnsName::toString).toList();
    }

    @Test
    void fewerDotsThanNdotsTriesTheSearchDomainsFirst() {
        assertEquals(List.of("www.a.example", "www.example", "www"), candidates("www"));
        assertEquals(List.of("www.x.a.example", "www.x.example", "www.x"), candidates("www.x"));
    }

    @Test
    void enoughDotsTriesTheNameAsGivenFirst() {
        assertEquals(List.of("www.x.y", "www.x.y.a.example", "www.x.y.example"), candidates("www.x.y"));
    }

    @Test
    void aFinalDotMeansAbsolute() {
        assertEquals(List.of("www"), candidates("www."));
    }

    @Test
    void candidatesTooLongToExistAreSkipped() {
        String label = "a".repeat(63);
        String longName = label + "." + label + "." + label + "." + "b".repeat(50);
        SearchList list = new SearchList(List.of(DnsName.of("c".repeat(20) + ".example")), 9);
        assertEquals(List.of(longName), list.candidates(longName, DnsName.of(longName)).stream()
                .map(DnsName::toString).toList());
    }
}
