package io.clustersync.core.internal.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStagingTest {

    @TempDir
    Path home;

    private static FileChange file(String path, String text) {
        return new FileChange(path, false, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private List<FileChange> tenants(int count) {
        List<FileChange> changes = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            for (int f = 0; f < 3; f++) {
                changes.add(file("conf/apps/tenant-" + t + "/app/setting-" + f + ".conf", "tenant " + t + " setting " + f));
            }
        }
        return changes;
    }

    private void assertInPlace(HomeFiles files, List<FileChange> changes) throws Exception {
        for (FileChange change : changes) {
            assertEquals(new String(change.content(), StandardCharsets.UTF_8), Files.readString(home.resolve(change.path())),
                    change.path());
            assertNull(files.changeOf(change.path()), change.path() + " is remembered as sync's own: the watch does not send it back");
        }
    }

    private String contentOf(String relative) throws Exception {
        Path file = home.resolve(relative);
        return Files.isRegularFile(file) ? Files.readString(file) : null;
    }

    /** Stages the changes, checks that none is in place yet, and commits them. */
    private HomeFiles stageAndCommit(long id, List<FileChange> changes) throws Exception {
        HomeFiles files = new HomeFiles(home);
        List<String> before = new ArrayList<>();
        for (FileChange change : changes) {
            before.add(contentOf(change.path()));
        }
        FileStaging.stage(files, id, changes);
        for (int i = 0; i < changes.size(); i++) {
            assertEquals(before.get(i), contentOf(changes.get(i).path()),
                    "nothing is in place before the commit: " + changes.get(i).path());
        }
        assertEquals(changes.size(), FileStaging.commit(files, id));
        return files;
    }

    @Test
    void aFolderTheHomeLacksMovesInWhole() throws Exception {
        write("conf/sync.conf", "conf/**\n");
        List<FileChange> changes = tenants(4);
        HomeFiles files = stageAndCommit(7, changes);
        assertInPlace(files, changes);
        assertEquals("conf/**\n", Files.readString(home.resolve("conf/sync.conf")), "a file the plan does not name is left alone");
        assertFalse(Files.exists(FileStaging.dir(home, 7)), "the staging folder is dropped");
    }

    @Test
    void intoAFolderTheHomeHasFilesMoveOneByOneReplacingAndDeleting() throws Exception {
        write("conf/apps/tenant-0/app/setting-0.conf", "old");
        write("conf/apps/tenant-0/app/kept.conf", "kept");
        write("conf/apps/tenant-0/app/gone.conf", "gone");
        List<FileChange> changes = new ArrayList<>(tenants(2));
        changes.add(new FileChange("conf/apps/tenant-0/app/gone.conf", true, new byte[0]));
        HomeFiles files = stageAndCommit(8, changes);
        assertInPlace(files, tenants(2));
        assertEquals("kept", Files.readString(home.resolve("conf/apps/tenant-0/app/kept.conf")));
        assertFalse(Files.exists(home.resolve("conf/apps/tenant-0/app/gone.conf")));
    }

    @Test
    void aFileTheNewFilesNeedAsAFolderIsDeletedFirst() throws Exception {
        write("conf/apps", "was a file");
        List<FileChange> changes = new ArrayList<>(tenants(1));
        changes.add(new FileChange("conf/apps", true, new byte[0]));
        HomeFiles files = stageAndCommit(9, changes);
        assertInPlace(files, tenants(1));
    }

    @Test
    void aCommitInterruptedHalfwayFinishesOnTheNextStart() throws Exception {
        write("conf/apps/tenant-1/app/setting-0.conf", "old");
        HomeFiles files = new HomeFiles(home);
        List<FileChange> changes = tenants(3);
        FileStaging.stage(files, 10, changes);
        // the first commit moved tenant-0 whole and one file of tenant-1, then the node was killed
        Path tree = FileStaging.dir(home, 10).resolve(FileStaging.TREE);
        Files.move(tree.resolve("conf/apps/tenant-0"), home.resolve("conf/apps/tenant-0"));
        Files.move(tree.resolve("conf/apps/tenant-1/app/setting-0.conf"), home.resolve("conf/apps/tenant-1/app/setting-0.conf"),
                StandardCopyOption.REPLACE_EXISTING);
        HomeFiles restarted = new HomeFiles(home);
        FileStaging.recover(restarted, 10);
        for (FileChange change : changes) {
            assertEquals(new String(change.content(), StandardCharsets.UTF_8), Files.readString(home.resolve(change.path())),
                    change.path());
        }
        assertInPlace(restarted, changes.stream().filter(c -> c.path().contains("tenant-2")).toList());
        assertFalse(Files.exists(home.resolve("var/staging/full-10")));
    }

    @Test
    void aStagingWrittenFlatByAnEarlierVersionStillFinishes() throws Exception {
        write("conf/old.conf", "before");
        Path dir = FileStaging.dir(home, 13);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("f0"), "staged flat");
        Files.write(dir.resolve(FileStaging.JOURNAL), List.of(
                "V f0 " + HomeFiles.digest("staged flat".getBytes(StandardCharsets.UTF_8)) + " conf/apps/flat.conf",
                "D conf/old.conf"), StandardCharsets.UTF_8);
        HomeFiles files = new HomeFiles(home);
        FileStaging.recover(files, 13);
        assertInPlace(files, List.of(file("conf/apps/flat.conf", "staged flat")));
        assertFalse(Files.exists(home.resolve("conf/old.conf")));
        assertFalse(Files.exists(dir));
    }

    @Test
    void aStagingWithoutItsCommitIsDroppedAndTheOldFilesStay() throws Exception {
        write("conf/apps/tenant-0/app/setting-0.conf", "old");
        HomeFiles files = new HomeFiles(home);
        FileStaging.stage(files, 11, tenants(2));
        FileStaging.recover(new HomeFiles(home), 0);
        assertEquals("old", Files.readString(home.resolve("conf/apps/tenant-0/app/setting-0.conf")));
        assertFalse(Files.exists(home.resolve("conf/apps/tenant-1")));
        try (Stream<Path> left = Files.list(home.resolve("var/staging"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aPathOutsideTheSynchronizedPartOfTheHomeIsRefusedAtStaging() throws Exception {
        HomeFiles files = new HomeFiles(home);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FileStaging.stage(files, 12, List.of(file("etc/cluster.key", "stolen"))));
        assertTrue(refused.getMessage().contains("etc/"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileStaging.stage(files, 12, List.of(file("../outside", "x"))));
        assertFalse(Files.exists(home.resolve("etc/cluster.key")));
    }

    /**
     * The file watch's sweep, looking while files move in (a new folder whole, then every file replaced one by one),
     * never takes a file not moved in yet for one deleted here, nor an old one for a change made here: either would
     * be sent to the primary as a change of this node's.
     */
    @Test
    void theSweepNeverSeesAFileHalfMovedIn() throws Exception {
        FileSelection conf = new FileSelection(List.of("conf/**"), p -> p.startsWith("conf/"));
        write("conf/sync.conf", "conf/**\n");
        HomeFiles files = new HomeFiles(home);
        files.remember(files.digests(conf, false));
        AtomicBoolean moving = new AtomicBoolean(true);
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        Thread sweep = new Thread(() -> {
            try {
                while (moving.get()) {
                    for (String relative : files.unlike(files.digests(conf, false), conf)) {
                        FileChange change = files.changeOf(relative);
                        if (change != null) {
                            taken.add(change.path() + (change.delete() ? " deleted" : " changed"));
                        }
                    }
                }
            } catch (Exception e) {
                taken.add(e.toString());
            }
        });
        sweep.start();
        try {
            for (int round = 0; round < 6; round++) {
                List<FileChange> changes = new ArrayList<>();
                for (FileChange change : tenants(150)) {
                    changes.add(file(change.path(), "round " + round + ": " + new String(change.content(), StandardCharsets.UTF_8)));
                }
                FileStaging.stage(files, 20 + round, changes);
                FileStaging.commit(files, 20 + round);
            }
        } finally {
            moving.set(false);
            sweep.join(10_000);
        }
        assertEquals(List.of(), taken.stream().limit(5).toList());
    }
}
