package io.clustersync.core.internal.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real watch of a real folder: the listing it vouches for, and when it stops vouching. */
class FileWatchTest {

    @TempDir
    Path home;

    private final FileSelection conf = new FileSelection(List.of("conf/**"), p -> p.startsWith("conf/"));
    private final List<FileChange> sent = new CopyOnWriteArrayList<>();

    private void write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void withNothingChangedTheLastListingIsGivenWithoutAWalk() throws Exception {
        write("conf/a/one.properties", "1\n");
        write("conf/b/two.properties", "2\n");
        HomeFiles files = new HomeFiles(home);
        try (FileWatch watch = new FileWatch(files, () -> conf, sent::add)) {
            Map<String, String> first = files.listing(conf);
            assertEquals(2, first.size());
            assertSame(first, files.listing(conf), "no event since the listing: it is given again");
            assertSame(first, files.listing(new FileSelection(List.of("conf/**"), p -> p.startsWith("conf/"))),
                    "a selection made of the same patterns takes the same listing");
            assertNotSame(first, files.listing(new FileSelection(List.of("conf/a/**"), p -> p.startsWith("conf/a/"))),
                    "another selection walks");
        }
    }

    @Test
    void aChangeMadeJustBeforeTheCallIsInTheListing() throws Exception {
        write("conf/a/one.properties", "1\n");
        HomeFiles files = new HomeFiles(home);
        try (FileWatch watch = new FileWatch(files, () -> conf, sent::add)) {
            files.listing(conf);
            for (int i = 0; i < 40; i++) {
                String relative = "conf/" + (char) ('a' + i % 5) + "/f" + i + ".properties";
                write(relative, "v" + i + "\n");
                Map<String, String> now = files.listing(conf);
                assertEquals(HomeFiles.digest(("v" + i + "\n").getBytes()), now.get(relative),
                        "change " + i + " was made before the listing was asked for");
                assertSame(now, files.listing(conf), "and with no change since, the listing is kept");
            }
            Files.delete(home.resolve("conf/a/one.properties"));
            assertTrue(!files.listing(conf).containsKey("conf/a/one.properties"), "a deletion is in the next listing");
        }
    }

    @Test
    void aWalkThatFindsTheSameFilesKeepsTheListingItHad() throws Exception {
        write("conf/a.properties", "1\n");
        HomeFiles files = new HomeFiles(home);
        try (FileWatch watch = new FileWatch(files, () -> conf, sent::add)) {
            Map<String, String> first = files.listing(conf);
            write("conf/a.properties", "1\n");
            assertSame(first, files.listing(conf), "an event came, so the home was walked, and it found the same files");
            write("conf/a.properties", "2\n");
            assertNotSame(first, files.listing(conf));
        }
    }

    @Test
    void settleMarkersAreNotChangesAndLeaveNoFile() throws Exception {
        HomeFiles files = new HomeFiles(home);
        try (FileWatch watch = new FileWatch(files, () -> conf, sent::add)) {
            long before = watch.settle();
            assertTrue(before >= 0, "the watch settles");
            assertEquals(before, watch.settle(), "a marker is not an event");
            try (var left = Files.list(home)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(FileWatch.MARKER)).toList());
            }
            write("conf/x.properties", "x\n");
            assertTrue(watch.settle() > before, "a file written before settling is counted");
        }
    }

    @Test
    void aClosedWatchVouchesForNothing() throws Exception {
        write("conf/a.properties", "1\n");
        HomeFiles files = new HomeFiles(home);
        Map<String, String> first;
        try (FileWatch watch = new FileWatch(files, () -> conf, sent::add)) {
            first = files.listing(conf);
        }
        assertNotSame(first, files.listing(conf), "no watch: every listing walks");
        assertEquals(first, files.listing(conf));
    }
}
