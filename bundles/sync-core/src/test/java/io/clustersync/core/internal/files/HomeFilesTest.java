package io.clustersync.core.internal.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HomeFilesTest {

    @TempDir
    Path home;

    private final Predicate<String> conf = p -> p.startsWith("conf/");

    private Path write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aFileWithTheSameSizeAndTimeIsNotReadAgainUnlessFresh() throws Exception {
        Path file = write("conf/a.properties", "x=1\n");
        HomeFiles files = new HomeFiles(home);
        String first = files.digests(conf).get("conf/a.properties");
        FileTime time = Files.getLastModifiedTime(file);
        Files.writeString(file, "x=2\n");
        Files.setLastModifiedTime(file, time);
        assertEquals(first, files.digests(conf).get("conf/a.properties"), "size and time unchanged: the digest is kept");
        assertNotEquals(first, files.digests(conf, true).get("conf/a.properties"), "fresh reads every file");
        Files.writeString(file, "x=33\n");
        assertEquals(HomeFiles.digest("x=33\n".getBytes()), files.digests(conf).get("conf/a.properties"));
    }

    @Test
    void suspectsAreTheFilesChangedOrGoneSinceLastSeen() throws Exception {
        write("conf/same.properties", "same\n");
        write("conf/changed.properties", "before\n");
        Path gone = write("conf/gone.properties", "gone\n");
        write("etc/local.properties", "never\n");
        HomeFiles files = new HomeFiles(home);
        files.remember(files.digests(conf));
        assertEquals(List.of(), files.suspects(conf));
        write("conf/changed.properties", "after, longer\n");
        Files.delete(gone);
        write("conf/new.properties", "new\n");
        assertEquals(List.of("conf/changed.properties", "conf/gone.properties", "conf/new.properties"),
                files.suspects(conf).stream().sorted().toList());
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
        assertEquals(List.of(), files.suspects(conf), "sync's own write is known by size and time");
        Map<String, String> digests = files.digests(conf);
        assertEquals(HomeFiles.digest("url=x\n".getBytes()), digests.get("conf/apps/b/app.properties"));
    }

    @Test
    void aForgottenFileIsSentAgain() throws Exception {
        write("conf/a.properties", "x=1\n");
        HomeFiles files = new HomeFiles(home);
        files.remember(files.digests(conf));
        files.forget("conf/a.properties");
        assertEquals(List.of("conf/a.properties"), files.suspects(conf));
        assertEquals("x=1\n", new String(files.changeOf("conf/a.properties").content()));
    }
}
