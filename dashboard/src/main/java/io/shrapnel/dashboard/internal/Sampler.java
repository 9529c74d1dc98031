package io.shrapnel.dashboard.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads every node once per interval, keeps the numbers in the {@link SeriesRing}, and hands the
 * newest snapshot (JSON) to each open page's {@link Fifo}.
 *
 * <p>Threading: confined to the dashboard's loop; the JMX reads run on the kernel's offload threads
 * (they block, and a remote node may take long), so the loop keeps serving pages meanwhile.
 */
public final class Sampler {
    /** A page that has this many snapshots waiting is slow: it gets no more until it takes them. */
    private static final int MAX_WAITING = 2;

    private final List<NodeReader> nodes;
    private final SeriesRing ring;
    private final Duration interval;
    private final Runnable beforeEachRead;
    /** Each open page's fifo and the view it shows. */
    private final Map<Fifo<String>, String> pages = new LinkedHashMap<>();
    /** Pushed to sample at once (a page turned to a view whose tables are not read yet). */
    private final Fifo<Boolean> wake = new Fifo<>();
    private String latest;
    private long samples;

    /**
     * @param beforeEachRead runs on the offload thread before each read (registers the beans of loops
     *                       started since, for this process's node)
     */
    public Sampler(List<NodeReader> nodes, SeriesRing ring, Duration interval, Runnable beforeEachRead) {
        this.nodes = List.copyOf(nodes);
        this.ring = ring;
        this.interval = interval;
        this.beforeEachRead = beforeEachRead;
    }

    /** Samples forever, once per interval or sooner when woken (the body of the sampler's coro). */
    public void run() throws Exception {
        long least = interval.toNanos() / 10;
        while (true) {
            long next = Coro.now() + interval.toNanos();
            sampleOnce();
            Coro.sleepUntil(Coro.now() + least); // a page switching views back and forth does not make it sample nonstop
            long rest = next - Coro.now();
            if (rest > 0) {
                try {
                    Coro.withTimeout(Duration.ofNanos(rest), wake::popAll);
                } catch (TimeoutError e) {
                    // the interval is over
                }
            }
        }
    }

    /**
     * Reads every node now (tables only for the views pages show), adds the numbers to the ring and
     * pushes the snapshot to every page.
     */
    public void sampleOnce() throws Exception {
        accept(System.currentTimeMillis(), readNodes(PageViews.tablesFor(pages.values())));
    }

    /** A snapshot read now with every table of every bean, not kept in the ring (for {@code GET /api/snapshot}). */
    public String fullSnapshot() throws Exception {
        long t = System.currentTimeMillis();
        List<NodeSample> read = readNodes(type -> true);
        Map<String, Double> numbers = new LinkedHashMap<>();
        read.forEach(s -> numbers.putAll(s.numbers()));
        return Snapshots.snapshot(t, read, numbers);
    }

    private List<NodeSample> readNodes(Predicate<String> tablesOf) throws Exception {
        return Coro.offload(() -> {
            beforeEachRead.run();
            List<NodeSample> out = new ArrayList<>(nodes.size());
            for (NodeReader n : nodes) {
                out.add(n.read(tablesOf));
            }
            return out;
        });
    }

    /** Takes a sample read at {@code timeMillis}. */
    public void accept(long timeMillis, List<NodeSample> read) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (NodeSample s : read) {
            numbers.putAll(s.numbers());
        }
        ring.add(timeMillis, numbers);
        latest = Snapshots.snapshot(timeMillis, read, numbers);
        samples++;
        for (Fifo<String> page : pages.keySet()) {
            if (page.size() < MAX_WAITING) {
                page.push(latest);
            }
        }
    }

    /** The newest snapshot, or null before the first sample. */
    public String latest() {
        return latest;
    }

    /** Samples taken so far. */
    public long samples() {
        return samples;
    }

    /** The ring's history as one message ({@code {"type":"history",...}}). */
    public String history() {
        return Snapshots.history(ring);
    }

    public List<NodeReader> nodes() {
        return nodes;
    }

    /** A fifo that receives each new snapshot until {@link #unsubscribe}; its page shows the nodes view. */
    public Fifo<String> subscribe() {
        Fifo<String> f = new Fifo<>();
        pages.put(f, "nodes");
        return f;
    }

    /**
     * The page of {@code page} shows {@code view} now (one of {@link PageViews#NAMES}); if that needs
     * tables no snapshot reads yet, the next sample comes at once.
     */
    public void showing(Fifo<String> page, String view) {
        if (!pages.containsKey(page)) {
            return;
        }
        boolean newTables = !pages.containsValue(view);
        pages.put(page, view);
        if (newTables) {
            wake.push(Boolean.TRUE);
        }
    }

    public void unsubscribe(Fifo<String> page) {
        pages.remove(page);
    }

    /** Pages subscribed now. */
    public int pages() {
        return pages.size();
    }
}
