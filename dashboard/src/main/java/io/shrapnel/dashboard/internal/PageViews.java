package io.shrapnel.dashboard.internal;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The page's views, and which beans' tables each shows: a snapshot reads a bean's tables only when
 * an open page shows a view that needs them (the coros table takes every coro's stack).
 */
public final class PageViews {
    /** The views a page may name, as its tabs do. */
    public static final Set<String> NAMES = Set.of("nodes", "loops", "coros", "mailboxes", "sockets", "servers", "profiler");
    /** Bean types with views of their own; the servers view shows the others. */
    private static final Set<String> KNOWN = Set.of("Scheduler", "Mailboxes", "Coros", "Sockets", "Profiler");

    private PageViews() {}

    /** True if {@code view} shows the tables of beans of {@code type}. */
    public static boolean showsTablesOf(String view, String type) {
        if (type == null) {
            return false;
        }
        boolean supervisor = type.contains("Supervis");
        return switch (view) {
            case "loops" -> type.equals("Scheduler");
            case "coros" -> type.equals("Coros");
            case "mailboxes" -> type.equals("Mailboxes") || supervisor;
            case "servers" -> !KNOWN.contains(type) && !supervisor;
            default -> false;
        };
    }

    /** Which bean types' tables the {@code views} open now need. */
    public static Predicate<String> tablesFor(Collection<String> views) {
        Set<String> open = Set.copyOf(views);
        return type -> {
            for (String v : open) {
                if (showsTablesOf(v, type)) {
                    return true;
                }
            }
            return false;
        };
    }
}
