package io.clustersync.core.internal.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HomeFilesTest {

    @TempDir
    Path home;

    private final FileSelection conf = new FileSelection(List.of("conf/**"), p -> p.startsWith("conf/"));

    private Path write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** The files whose content is not what sync last knew, as a sweep finds them. */
    private List<String> unlike(HomeFiles files) throws Exception {
        return files.unlike(files.digests(conf, false), conf).stream().sorted().toList();
    }

    @Test
    void aFileWithTheSameSizeAndTimeIsNotReadAgainUnlessFresh() throws Exception {
        Path file = write("conf/a.properties", "x=1\n");
        HomeFiles files = new HomeFiles(home);
        String first = files.digests(conf, false).get("conf/a.properties");
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, "x=2\n");
        Files.setLastModifiedTime(file, time);
        assertEquals(first, files.digests(conf, false).get("conf/a.properties"), "size and time unchanged: the digest is kept");
        assertNotEquals(first, files.digests(conf, true).get("conf/a.properties"), "fresh reads every file");
        Files.writeString(file, "x=33\n");
        assertEquals(HomeFiles.digest("x=33\n".getBytes()), files.digests(conf, false).get("conf/a.properties"));
    }

    @Test
    void unlikeAreTheFilesChangedOrGoneSinceSyncLastKnewThem() throws Exception {
        write("conf/same.properties", "same\n");
        write("conf/changed.properties", "before\n");
        Path gone = write("conf/gone.properties", "gone\n");
        write("etc/local.properties", "never\n");
        HomeFiles files = new HomeFiles(home);
        files.remember(files.digests(conf, false));
        assertEquals(List.of(), unlike(files));
        write("conf/changed.properties", "after, longer\n");
        Files.delete(gone);
        write("conf/new.properties", "new\n");
        assertEquals(List.of("conf/changed.properties", "conf/gone.properties", "conf/new.properties"),
                unlike(files));
        assertEquals("conf/changed.properties", files.changeOf("conf/changed.properties").path());
        FileChange deletion = files.changeOf("conf/gone.properties");
        assertEquals(true, deletion.delete());
        assertNull(files.changeOf("conf/gone.properties"), "a deletion is sent once");
    }

    @Test
    void whatSyncWroteIsNotSentBackNorReadAgain() throws Exception {
        HomeFiles files = new HomeFiles(home);
        files.apply(new FileChange("conf/apps/b/app.properties", false, "url=x\n".getBytes()));
        assertNull(files.changeOf("conf/apps/b/app.properties"));
        assertEquals(List.of(), unlike(files), "sync's own write is known");
        Map<String, String> digests = files.digests(conf, false);
        assertEquals(HomeFiles.digest("url=x\n".getBytes()), digests.get("conf/apps/b/app.properties"));
    }

    @Test
    void syncsOwnPassingFilesAreNeverListed() throws Exception {
        write("conf/a.properties", "x=1\n");
        write(".clustersync-settle-77-1", "");
        write("conf/.clustersync-123.tmp", "half");
        HomeFiles files = new HomeFiles(home);
        FileSelection everything = new FileSelection(List.of("**"), p -> true);
        assertEquals(List.of("conf/a.properties"), List.copyOf(files.digests(everything, false).keySet()));
    }

    @Test
    void aForgottenFileIsSentAgain() throws Exception {
        write("conf/a.properties", "x=1\n");
        HomeFiles files = new HomeFiles(home);
        files.remember(files.digests(conf, false));
        files.forget("conf/a.properties");
        assertEquals(List.of("conf/a.properties"), unlike(files));
        assertEquals("x=1\n", new String(files.changeOf("conf/a.properties").content()));
    }
}
