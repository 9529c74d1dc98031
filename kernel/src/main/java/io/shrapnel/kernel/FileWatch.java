package io.shrapnel.kernel;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes to a directory (or to one file) delivered to a coro as a {@link Fifo} of events.
 *
 * <pre>{@code
 * try (FileWatch w = FileWatch.open(configDir)) {
 *     while (w.next() instanceof FileWatch.Modified(Path p)) { reload(p); }
 * }
 * }</pre>
 *
 * <p>The JDK's {@link WatchService} (inotify on Linux) is read by a daemon platform thread of this
 * watch, which posts each batch of events to the loop; no loop thread blocks in
 * {@code WatchService.take}. Events name the changed path in full. A watch of a regular file
 * watches its directory and keeps the events for that file. The stream ends with {@link Closed}
 * when the watch is closed or the directory goes away; {@link Overflow} says events were lost.
 *
 * <p>Threading: opened in a coro, whose loop receives the events; {@link #events()} is confined
 * to that loop like any {@link Fifo}. {@link #close()} may be called from any thread.
 */
public final class FileWatch implements AutoCloseable {
    /** What happened. */
    public sealed interface Event permits Created, Modified, Deleted, Overflow, Closed {}

    /** A file or directory appeared (also: moved in). */
    public record Created(Path path) implements Event {}

    /** Its contents or attributes changed. */
    public record Modified(Path path) implements Event {}

    /** It went away (also: moved out). */
    public record Deleted(Path path) implements Event {}

    /** The system dropped events: rescan if you keep state. */
    public record Overflow() implements Event {}

    /** No more events will come: the watch was closed or its directory is gone. Always the last. */
    public record Closed() implements Event {}

    private final Path directory;
    private final Path onlyFile;
    private final WatchService service;
    private final Scheduler loop;
    private final Fifo<Event> events;
    private final Thread reader;
    /** Loop-confined: set when Closed has been pushed, so it is pushed once. */
    private boolean ended;

    private FileWatch(Path directory, Path onlyFile, WatchService service, Scheduler loop) {
        this.directory = directory;
        this.onlyFile = onlyFile;
        this.service = service;
        this.loop = loop;
        this.events = new Fifo<>(loop);
        this.reader = Thread.ofPlatform().daemon().name("shrapnel-watch " + directory).unstarted(this::read);
    }

    /**
     * Starts watching {@code path} (a directory, or one file) for creations, modifications and
     * deletions; events go to the current coro's loop.
     */
    public static FileWatch open(Path path) throws IOException {
        Coro me = Coro.require("FileWatch.open");
        Path abs = path.toAbsolutePath().normalize();
        boolean isDirectory = Files.isDirectory(abs);
        Path dir = isDirectory ? abs : abs.getParent();
        WatchService service = abs.getFileSystem().newWatchService();
        try {
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        FileWatch w = new FileWatch(dir, isDirectory ? null : abs, service, me.scheduler);
        w.reader.start();
        return w;
    }

    /** The events, in the order the system reported them. */
    public Fifo<Event> events() {
        return events;
    }

    /** Parks the current coro until the next event and returns it. */
    public Event next() {
        return events.pop();
    }

    /** The directory watched. */
    public Path directory() {
        return directory;
    }

    /** Stops watching; the fifo then ends with {@link Closed}. Idempotent; any thread. */
    @Override
    public void close() throws IOException {
        service.close(); // the reader's take() fails and it ends the stream
    }

    private void read() {
        try {
            while (true) {
                WatchKey key = service.take();
                List<Event> batch = new ArrayList<>();
                for (WatchEvent<?> e : key.pollEvents()) {
                    Event ev = translate(e);
                    if (ev != null) {
                        batch.add(ev);
                    }
                }
                boolean valid = key.reset();
                if (!batch.isEmpty()) {
                    loop.post(() -> batch.forEach(this::deliver));
                }
                if (!valid) {
                    break; // the directory is gone
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException closed) {
            // closed: end the stream below
        } finally {
            loop.post(() -> deliver(new Closed()));
            try {
                service.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private Event translate(WatchEvent<?> e) {
        WatchEvent.Kind<?> kind = e.kind();
        if (kind == StandardWatchEventKinds.OVERFLOW) {
            return new Overflow();
        }
        Path p = directory.resolve((Path) e.context());
        if (onlyFile != null && !onlyFile.equals(p)) {
            return null;
        }
        if (kind == StandardWatchEventKinds.ENTRY_CREATE) {
            return new Created(p);
        }
        if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
            return new Deleted(p);
        }
        return new Modified(p);
    }

    private void deliver(Event e) {
        if (ended) {
            return;
        }
        ended = e instanceof Closed;
        events.push(e);
    }

    @Override
    public String toString() {
        return "FileWatch[" + (onlyFile != null ? onlyFile : directory) + "]";
    }
}
