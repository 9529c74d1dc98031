package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;
import java.util.HashMap;
import java.util.Map;

/**
 * A many-readers, one-writer lock for the coros of one loop, with writer preference: once a writer
 * waits, new readers wait behind it, so a stream of readers cannot starve writers.
 *
 * <p>Both kinds of lock are re-entrant. The writer may also take read locks (and keeps them after
 * its write unlock). A reader that already holds a read lock gets another at once even when a
 * writer waits (waiting would deadlock it). Taking the write lock while holding only a read lock
 * (an upgrade) is refused with an error: it would wait for itself.
 *
 * <p>Unlocks hand the lock directly: to the first waiting writer that can still run once no reader
 * is left, else to every waiting reader. A waiter granted the lock that is interrupted, shut down or
 * times out before it runs gives it back, and the next waiters get it.
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}.
 */
public final class RwLock {
    /** Attached to a waiter once the lock was granted to it. */

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue writers = new WaitQueue();
    private final WaitQueue readers = new WaitQueue();
    /** Read holds per coro: makes re-entrant reads safe under writer preference, and unlocks checkable. */
    private final Map<Coro, int[]> readHolds = new HashMap<>();
    private int readCount;
    private Coro writer;
    private int writeHolds;

    /** Takes a read lock, parking while another coro writes or a writer waits. */
    public void readLock() {
        Coro me = confinement.coro("readLock");
        if (canRead(me)) {
            addRead(me);
            return;
        }
        readers.await(Waiter.begin(this).attach("read"), readerExit); // grant() counted our read hold
    }

    /** Granted a read hold, then cancelled before it ran: drop it. A reader left behind blocks nobody. */
    private final WaitQueue.Exit readerExit = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            dropRead(w.coro());
        }
    };

    /** Takes a read lock if that needs no wait; returns whether it did. */
    public boolean tryReadLock() {
        Coro me = confinement.coro("tryReadLock");
        if (canRead(me)) {
            addRead(me);
            return true;
        }
        return false;
    }

    /** Releases one read lock of the current coro. */
    public void readUnlock() {
        Coro me = confinement.coro("readUnlock");
        if (!readHolds.containsKey(me)) {
            throw new IllegalStateException(me + " released a read lock it does not hold; pair every "
                    + "readUnlock() with a readLock() in the same coro (try/finally)");
        }
        dropRead(me);
    }

    /** Takes the write lock, parking while other coros read or write. */
    public void writeLock() {
        Coro me = confinement.coro("writeLock");
        if (writer == me) {
            writeHolds++;
            return;
        }
        if (writer == null && readHolds.containsKey(me)) {
            throw new IllegalStateException(me + " asked for the write lock while holding a read lock: it "
                    + "would wait for itself. Release the read lock first, or take the write lock first "
                    + "(a writer may also read).");
        }
        if (writer == null && readCount == 0) {
            writer = me;
            writeHolds = 1;
            return;
        }
        writers.await(Waiter.begin(this).attach("write"), writerExit); // grant() made us the writer
    }

    private final WaitQueue.Exit writerExit = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            writer = null; // made the writer, then cancelled before it ran: the lock goes on
            writeHolds = 0;
            grant();
        }

        @Override
        public void leftUnwoken(Waiter w) {
            grant(); // a waiting writer holds readers back; we no longer wait
        }
    };

    /** Takes the write lock if that needs no wait; returns whether it did. */
    public boolean tryWriteLock() {
        Coro me = confinement.coro("tryWriteLock");
        if (writer == me) {
            writeHolds++;
            return true;
        }
        if (writer == null && readCount == 0) {
            writer = me;
            writeHolds = 1;
            return true;
        }
        return false;
    }

    /** Releases one write lock of the current coro. */
    public void writeUnlock() {
        Coro me = confinement.coro("writeUnlock");
        if (writer != me) {
            throw new IllegalStateException(me + " released the write lock, which "
                    + (writer == null ? "nobody holds" : "is held by " + writer) + "; pair every writeUnlock() "
                    + "with a writeLock() in the same coro (try/finally)");
        }
        if (--writeHolds > 0) {
            return;
        }
        writer = null;
        grant();
    }

    private boolean canRead(Coro me) {
        if (writer != null) {
            return writer == me;
        }
        return writers.isEmpty() || readHolds.containsKey(me);
    }

    private void addRead(Coro c) {
        int[] n = readHolds.get(c);
        if (n == null) {
            readHolds.put(c, new int[] {1});
        } else {
            n[0]++;
        }
        readCount++;
    }

    private void dropRead(Coro c) {
        int[] n = readHolds.get(c);
        if (--n[0] == 0) {
            readHolds.remove(c);
        }
        if (--readCount == 0) {
            grant();
        }
    }

    /** Hands the free lock on: to the first live writer if no reader holds it, else to all readers. */
    private void grant() {
        if (writer != null) {
            return;
        }
        Waiter w;
        if (readCount == 0) {
            while ((w = writers.poll()) != null) {
                if (w.isPending()) {
                    writer = w.coro();
                    writeHolds = 1;
                    w.wake(null);
                    return;
                }
            }
        }
        if (!writers.isEmpty()) {
            return; // writer preference
        }
        while ((w = readers.poll()) != null) {
            if (w.isPending()) {
                addRead(w.coro());
                w.wake(null);
            }
        }
    }

    /** The number of read locks held (counting re-entrant ones). */
    public int readers() {
        return readCount;
    }

    /** The coro holding the write lock, or null. */
    public Coro writer() {
        return writer;
    }

    public boolean isWriteLocked() {
        return writer != null;
    }

    /** How many coros wait (readers and writers). */
    public int waiting() {
        return readers.countPending() + writers.countPending();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return readers.size() + writers.size();
    }

    @Override
    public String toString() {
        return "RwLock[" + (writer != null ? "writer=" + writer + ", " : "") + readCount + " read holds, "
                + writers.size() + " writers and " + readers.size() + " readers waiting]";
    }
}
