package io.shrapnel.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PageViewsTest {
    @Test
    void eachViewReadsTheTablesOfItsOwnBeans() {
        assertTrue(PageViews.showsTablesOf("loops", "Scheduler"));
        assertTrue(PageViews.showsTablesOf("coros", "Coros"));
        assertTrue(PageViews.showsTablesOf("mailboxes", "Mailboxes"));
        assertTrue(PageViews.showsTablesOf("mailboxes", "ActorSupervisor"));
        assertTrue(PageViews.showsTablesOf("servers", "HttpServers"));
        assertFalse(PageViews.showsTablesOf("servers", "ActorSupervisor"));
        assertFalse(PageViews.showsTablesOf("servers", "Coros"));
        assertFalse(PageViews.showsTablesOf("coros", "Scheduler"));
        assertFalse(PageViews.showsTablesOf("loops", "Coros"));
        assertFalse(PageViews.showsTablesOf("mailboxes", "Coros"));
        assertFalse(PageViews.showsTablesOf("nodes", "Coros"));
        assertFalse(PageViews.showsTablesOf("profiler", "Profiler"));
        assertFalse(PageViews.showsTablesOf("coros", null));
    }

    @Test
    void theOpenViewsTogetherDecide() {
        Predicate<String> none = PageViews.tablesFor(List.of());
        assertFalse(none.test("Coros"));
        Predicate<String> two = PageViews.tablesFor(List.of("nodes", "coros", "loops"));
        assertTrue(two.test("Coros"));
        assertTrue(two.test("Scheduler"));
        assertFalse(two.test("Mailboxes"));
        assertTrue(PageViews.NAMES.containsAll(List.of("nodes", "loops", "coros", "mailboxes", "sockets", "servers", "profiler")));
    }
}
