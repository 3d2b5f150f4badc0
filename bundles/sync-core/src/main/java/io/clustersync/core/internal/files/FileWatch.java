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
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches the folders of a node's home (not etc/, data/, var/) and hands every change of a synchronized file
 * to a consumer, on its own thread. New folders are watched as they appear; an overflow of events is answered
 * by looking at every file again.
 */
public final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final HomeFiles files;
    private final Predicate<Path> synchronizedFile;
    private final Consumer<FileChange> changes;
    private final WatchService watcher;
    private final Thread thread;

    public FileWatch(HomeFiles files, Predicate<Path> synchronizedFile, Consumer<FileChange> changes) throws IOException {
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
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan();
                        continue;
                    }
                    Path changed = dir.resolve((Path) event.context());
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                        registerTree(changed);
                        scan(changed);
                        continue;
                    }
                    consider(changed);
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("file watch of {} stopped: {}", files.home(), e.toString(), e);
        }
    }

    private void consider(Path absolute) {
        String relative = files.relative(absolute);
        if (relative.contains(".clustersync-") || !synchronizedFile.test(Path.of(relative))) {
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
