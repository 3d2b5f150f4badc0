package io.clustersync.core.internal.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches the folders of a node's home (not etc/, data/, var/) and hands every change of a synchronized file
 * to a consumer, on its own thread. New folders are watched as they appear; an overflow of events is answered
 * by looking at every file again, and every few seconds a sweep of sizes and times catches what no event told.
 * <p>
 * It also counts the events it handled, and can {@link #settle settle}: wait until every event of what was done
 * to the files before the call has been handled. A listing of the files taken when the count was n is still true
 * while the settled count is n; {@link HomeFiles#digests(FileSelection)} uses that to skip a walk of the home.
 */
public final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);
    /** How often the whole home is checked (sizes and times only) for a change no event told of. */
    static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The name a settle marker file starts with (in the home's own folder, removed at once). */
    static final String MARKER = HomeFiles.OWN_PREFIX + "settle-";
    /** How long a caller of {@link #settle} waits at most before it walks the home after all. */
    static final long SETTLE_MILLIS = 1000;
    /** How many queued folders the watch handles after a marker before it gives up settling (events keep coming). */
    private static final int SETTLE_DRAIN_LIMIT = 10_000;

    private final HomeFiles files;
    private final Supplier<FileSelection> selection;
    private final Consumer<FileChange> changes;
    private final WatchService watcher;
    private final Thread thread;
    /** Events handled so far (settle markers not counted; an overflow counts). */
    private final AtomicLong events = new AtomicLong();
    /** Settle markers written and not yet seen, by file name. */
    private final Map<String, CompletableFuture<Long>> markers = new ConcurrentHashMap<>();
    private final AtomicLong markerNames = new AtomicLong();

    /**
     * Watches the home of {@code files}; {@code selection} says, at each event, which files synchronize now.
     */
    public FileWatch(HomeFiles files, Supplier<FileSelection> selection, Consumer<FileChange> changes) throws IOException {
        this.files = files;
        this.selection = selection;
        this.changes = changes;
        this.watcher = files.home().getFileSystem().newWatchService();
        registerTree(files.home());
        files.remember(files.walkFor(this, selection.get()));
        this.thread = new Thread(this::run, "clustersync-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches a folder and every folder under it; one that vanishes meanwhile is passed over. */
    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (never(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                try {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                } catch (NoSuchFileException e) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return passVanished(e);
            }
        });
    }

    /** True for etc/, data/ and var/ of the home (and what is under them): never synchronized, never watched. */
    private boolean never(Path folder) {
        return !folder.equals(files.home()) && HomeFiles.NEVER.contains(files.home().relativize(folder).getName(0).toString());
    }

    /** A file or folder that vanished while a walk went by is no error: its deletion has its own event. */
    private static FileVisitResult passVanished(IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw e;
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.poll(Math.max(1, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (System.nanoTime() - nextSweep >= 0) {
                    sweep();
                    nextSweep = System.nanoTime() + SWEEP_NANOS;
                }
                if (key == null) {
                    continue;
                }
                List<String> seen = new ArrayList<>();
                handle(key, seen);
                if (!seen.isEmpty()) {
                    settled(seen);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("file watch of {} stopped: {}", files.home(), e.toString(), e);
        }
    }

    /** Every event a folder's key holds; settle markers are put aside in {@code markersSeen}, not counted. */
    private void handle(WatchKey key, List<String> markersSeen) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                events.incrementAndGet();
                rescanQuietly();
                continue;
            }
            Path name = (Path) event.context();
            if (name.toString().startsWith(MARKER) && dir.equals(files.home())) {
                markersSeen.add(name.toString());
                continue;
            }
            events.incrementAndGet();
            handle(dir.resolve(name), event.kind());
        }
        key.reset();
    }

    /**
     * Markers were seen: every event the kernel queued before them has been read by the watch service, so it sits
     * in a key already queued (or in one just handled, queued again on reset). Handles those, then answers each
     * marker's caller with the count; gives up (answers -1) if events keep coming past a bound.
     */
    private void settled(List<String> seen) {
        int handled = 0;
        WatchKey next;
        while ((next = watcher.poll()) != null) {
            handle(next, seen);
            if (++handled >= SETTLE_DRAIN_LIMIT) {
                answer(seen, -1);
                return;
            }
        }
        answer(seen, events.get());
    }

    private void answer(List<String> seen, long count) {
        for (String name : seen) {
            CompletableFuture<Long> waiting = markers.remove(name);
            if (waiting != null) {
                waiting.complete(count);
            }
        }
    }

    /** How many events this watch has handled. */
    long events() {
        return events.get();
    }

    /**
     * Waits until every event of what was done to the files before this call has been handled, and returns how
     * many events have been handled then; -1 if the watch could not settle within {@link #SETTLE_MILLIS} (it is
     * stopped, or events keep coming), or the home's folder cannot be written.
     */
    long settle() {
        if (!thread.isAlive()) {
            return -1;
        }
        String name = MARKER + ProcessHandle.current().pid() + "-" + markerNames.incrementAndGet();
        CompletableFuture<Long> answer = new CompletableFuture<>();
        markers.put(name, answer);
        try {
            Path marker = Files.createFile(files.home().resolve(name));
            Files.delete(marker);
            return answer.get(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.debug("the file watch of {} did not settle: {}", files.home(), e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            markers.remove(name);
        }
    }

    /** One event; a folder that vanished again before it could be watched is looked at no further. */
    private void handle(Path changed, WatchEvent.Kind<?> kind) {
        if (kind == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
            try {
                registerTree(changed);
            } catch (IOException | UncheckedIOException e) {
                LOG.info("new folder {} not watched: {}", files.relative(changed), e.toString());
                return;
            }
            try {
                scan(changed);
            } catch (IOException | UncheckedIOException e) {
                LOG.info("new folder {} not looked at yet (the sweep will, within seconds): {}", files.relative(changed), e.toString());
            }
            return;
        }
        consider(changed);
    }

    private void consider(Path absolute) {
        String relative = files.relative(absolute);
        if (HomeFiles.isOwnWorkFile(absolute) || !selection.get().test(relative)) {
            return;
        }
        try {
            FileChange change = files.changeOf(relative);
            if (change != null) {
                changes.accept(change);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("file {} not synchronized: {}", relative, e.getMessage());
        }
    }

    private void scan(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
                return never(folder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    consider(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return passVanished(e);
            }
        });
    }

    /**
     * The safety net under the events: a file whose size or modification time changed, or that vanished, without
     * an event reaching this watch (a folder created and filled before it was watched, a change the kernel does
     * not report) is looked at here, within {@link #SWEEP_NANOS}. The sweep's listing is kept: it is the truth as
     * long as no event comes after it.
     */
    private void sweep() {
        try {
            FileSelection now = selection.get();
            for (String relative : files.unlike(files.walkFor(this, now), now)) {
                consider(files.home().resolve(relative));
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("sweep of {}: {}", files.home(), e.toString());
        }
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look at every file of {} again after an overflow of events: {}", files.home(), e.toString());
        }
    }

    /** Looks at every file again and sends what differs from what was last seen or written. */
    public void rescan() throws IOException {
        scan(files.home());
    }

    @Override
    public void close() {
        files.unwatched(this);
        thread.interrupt();
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the file watch: {}", e.getMessage());
        }
    }
}
