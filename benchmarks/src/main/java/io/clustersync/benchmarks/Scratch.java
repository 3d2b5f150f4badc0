package io.clustersync.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A benchmark's temporary folder (node homes, anchors' data): deleted at the end, unless
 * {@code CLUSTERSYNC_BENCH_KEEP} is set, to look at the nodes' logs afterwards.
 */
final class Scratch implements AutoCloseable {

    final Path dir;

    Scratch(String prefix) throws IOException {
        dir = Files.createTempDirectory(prefix);
    }

    @Override
    public void close() {
        if (System.getenv("CLUSTERSYNC_BENCH_KEEP") != null) {
            System.out.println("kept (CLUSTERSYNC_BENCH_KEEP): " + dir);
            return;
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                Files.deleteIfExists(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
