package io.shrapnel.dashboard.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} samples of every numeric series, on one shared time axis: what the
 * page's charts show when it opens (the last 15 minutes at one sample a second: 900 points).
 *
 * <p>A series missing from a sample gets a gap (NaN) there; a series missing from a whole ring's
 * worth of samples (its bean is gone) is dropped, so the ring does not grow with every loop or
 * socket kind that ever existed.
 *
 * <p>Threading: one thread at a time (the dashboard's sampler coro, and readers on its loop).
 */
public final class SeriesRing {
    private final int capacity;
    private final long[] times;
    private final Map<String, Series> series = new LinkedHashMap<>();
    /** Samples added so far; the next one goes to {@code added % capacity}. */
    private long added;

    private static final class Series {
        final double[] values;
        /** The sample number of the last value that was not a gap. */
        long lastSeen;

        Series(int capacity) {
            values = new double[capacity];
            Arrays.fill(values, Double.NaN);
        }
    }

    public SeriesRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a ring holds at least one sample, not " + capacity);
        }
        this.capacity = capacity;
        this.times = new long[capacity];
    }

    /** Adds the sample taken at {@code timeMillis}: one value per series key. */
    public void add(long timeMillis, Map<String, Double> values) {
        int slot = (int) (added % capacity);
        times[slot] = timeMillis;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Series s = series.computeIfAbsent(e.getKey(), k -> new Series(capacity));
            s.values[slot] = e.getValue();
            s.lastSeen = added;
        }
        for (var it = series.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (s.lastSeen != added) {
                s.values[slot] = Double.NaN;
                if (added - s.lastSeen >= capacity) {
                    it.remove();
                }
            }
        }
        added++;
    }

    /** Samples held now (at most the capacity). */
    public int size() {
        return (int) Math.min(added, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** The series' keys, in the order they first appeared. */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(series.keySet());
    }

    /** The times of the samples held, oldest first. */
    public long[] times() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = times[slot(i)];
        }
        return out;
    }

    /** The values of {@code key}, oldest first, NaN for gaps; null for a key the ring does not hold. */
    public double[] values(String key) {
        Series s = series.get(key);
        if (s == null) {
            return null;
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.values[slot(i)];
        }
        return out;
    }

    /** The slot of the {@code i}-th oldest sample held. */
    private int slot(int i) {
        long first = added - size();
        return (int) ((first + i) % capacity);
    }

    /** The whole ring as JSON: {@code {"t":[...],"series":{"key":[...],...}}}, gaps as null. */
    public void writeJson(Json json) {
        json.beginObject().key("t").beginArray();
        for (long t : times()) {
            json.value(t);
        }
        json.endArray().key("series").beginObject();
        for (String key : series.keySet()) {
            json.key(key).beginArray();
            for (double v : values(key)) {
                json.value(v);
            }
            json.endArray();
        }
        json.endObject().endObject();
    }
}
