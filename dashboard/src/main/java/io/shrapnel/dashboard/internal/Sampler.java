package io.shrapnel.dashboard.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final List<Fifo<String>> pages = new ArrayList<>();
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

    /** Samples forever, once per interval (the body of the sampler's coro). */
    public void run() throws Exception {
        while (true) {
            long next = Coro.now() + interval.toNanos();
            sampleOnce();
            Coro.sleepUntil(Math.max(next, Coro.now() + interval.toNanos() / 10));
        }
    }

    /** Reads every node now, adds the numbers to the ring and pushes the snapshot to every page. */
    public void sampleOnce() throws Exception {
        List<NodeSample> read = Coro.offload(() -> {
            beforeEachRead.run();
            List<NodeSample> out = new ArrayList<>(nodes.size());
            for (NodeReader n : nodes) {
                out.add(n.read());
            }
            return out;
        });
        accept(System.currentTimeMillis(), read);
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
        for (Fifo<String> page : pages) {
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

    /** A fifo that receives each new snapshot until {@link #unsubscribe}. */
    public Fifo<String> subscribe() {
        Fifo<String> f = new Fifo<>();
        pages.add(f);
        return f;
    }

    public void unsubscribe(Fifo<String> page) {
        pages.remove(page);
    }

    /** Pages subscribed now. */
    public int pages() {
        return pages.size();
    }
}
