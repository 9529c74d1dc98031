package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.monitoring.Profile;

/**
 * What the profiler charged to one coro (or, with a negative id, to one loop's own work between coros).
 *
 * <p>Threading: confined to the loop that runs the coro; read by others only from snapshots taken on
 * that loop, or after the loop stopped.
 */
final class CoroAccount {
    final long coroId;
    final long threadId;
    final String loop;
    String name;
    long resumes;
    long wallNanos;
    long cpuNanos;
    long allocatedBytes;
    /** Wall time on the loop in the current CPU window, not yet turned into CPU time. */
    long windowWallNanos;

    CoroAccount(long coroId, long threadId, String loop, String name) {
        this.coroId = coroId;
        this.threadId = threadId;
        this.loop = loop;
        this.name = name;
    }

    Profile.CoroRow row() {
        return new Profile.CoroRow(coroId, loop, name, resumes, wallNanos, cpuNanos, allocatedBytes);
    }
}
