package io.clustersync.core.internal.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches the folders of a node's home (not etc/, data/, var/) and hands every change of a synchronized file
 * to a consumer, on its own thread. New folders are watched as they appear; an overflow of events is answered
 * by looking at every file again, and every few seconds a sweep of sizes and times catches what no event told.
 */
public final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);
    /** How often the whole home is checked (sizes and times only) for a change no event told of. */
    static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final HomeFiles files;
    private final Predicate<String> synchronizedFile;
    private final Consumer<FileChange> changes;
    private final WatchService watcher;
    private final Thread thread;

    public FileWatch(HomeFiles files, Predicate<String> synchronizedFile, Consumer<FileChange> changes) throws IOException {
        this.files = files;
        this.synchronizedFile = synchronizedFile;
        this.changes = changes;
        this.watcher = files.home().getFileSystem().newWatchService();
        registerTree(files.home());
        files.remember(files.digests(synchronizedFile));
        this.thread = new Thread(this::run, "clustersync-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(files.home()) && HomeFiles.NEVER.contains(files.home().relativize(dir).getName(0).toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
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
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescanQuietly();
                        continue;
                    }
                    handle(dir.resolve((Path) event.context()), event.kind());
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("file watch of {} stopped: {}", files.home(), e.toString(), e);
        }
    }

    /** One event; a folder that vanished again before it could be watched is looked at no further. */
    private void handle(Path changed, WatchEvent.Kind<?> kind) {
        if (kind == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
            try {
                registerTree(changed);
                scan(changed);
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.info("new folder {} not watched: {}", files.relative(changed), e.toString());
            }
            return;
        }
        consider(changed);
    }

    private void consider(Path absolute) {
        String relative = files.relative(absolute);
        if (relative.contains(".clustersync-") || !synchronizedFile.test(relative)) {
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
        try (var paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile).forEach(this::consider);
        }
    }

    /**
     * The safety net under the events: a file whose size or modification time changed, or that vanished, without
     * an event reaching this watch (a folder created and filled before it was watched, an event the kernel
     * dropped) is looked at here, within {@link #SWEEP_NANOS}.
     */
    private void sweep() {
        try {
            for (String relative : files.suspects(synchronizedFile)) {
                consider(files.home().resolve(relative));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("sweep of {}: {}", files.home(), e.toString());
        }
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cannot look at every file of {} again after an overflow of events: {}", files.home(), e.toString());
        }
    }

    /** Looks at every file again and sends what differs from what was last seen or written. */
    public void rescan() throws IOException {
        scan(files.home());
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the file watch: {}", e.getMessage());
        }
    }
}
