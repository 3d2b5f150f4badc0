package io.clustersync.core.internal.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a full synchronization, staged under {@code var/staging/full-<id>/} with a journal (staged name,
 * digest and destination of each file; or a deletion) before the
 * switch-over. The switch-over's database transaction records the staging id; only then are the files moved
 * into place. A node killed before that commit drops the staging on its next start (its old files stay); one
 * killed after it finishes the moves on its next start (roll forward).
 */
public final class FileStaging {

    static final String JOURNAL = "journal";
    private static final Logger LOG = LoggerFactory.getLogger(FileStaging.class);

    private FileStaging() {
    }

    static Path dir(Path home, long id) {
        return home.resolve("var").resolve("staging").resolve("full-" + id);
    }

    /** Writes every file to write into the staging folder, and the journal of what to do with each. */
    public static void stage(HomeFiles files, long id, List<FileChange> changes) throws IOException {
        Path dir = dir(files.home(), id);
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> journal = new ArrayList<>();
        int n = 0;
        for (FileChange change : changes) {
            files.resolve(change.path());
            if (change.delete()) {
                journal.add("D " + change.path());
            } else {
                String staged = "f" + (n++);
                Files.write(dir.resolve(staged), change.content());
                journal.add("V " + staged + " " + HomeFiles.digest(change.content()) + " " + change.path());
            }
        }
        Files.write(dir.resolve(JOURNAL), journal, StandardCharsets.UTF_8);
    }

    /** Moves the staged files into place and deletes the removed ones, then drops the staging folder. */
    public static int commit(HomeFiles files, long id) throws IOException {
        Path dir = dir(files.home(), id);
        Path journal = dir.resolve(JOURNAL);
        if (!Files.exists(journal)) {
            return 0;
        }
        int done = 0;
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.startsWith("D ")) {
                files.apply(new FileChange(line.substring(2), true, new byte[0]));
            } else if (line.startsWith("W ")) {
                String[] parts = line.split(" ", 3);
                Path staged = dir.resolve(parts[1]);
                if (Files.exists(staged)) {
                    files.moveInto(staged, parts[2], HomeFiles.digest(Files.readAllBytes(staged)));
                }
            } else if (line.startsWith("V ")) {
                String[] parts = line.split(" ", 4);
                Path staged = dir.resolve(parts[1]);
                if (Files.exists(staged)) {
                    files.moveInto(staged, parts[3], parts[2]);
                }
            }
            done++;
        }
        deleteTree(dir);
        return done;
    }

    /** Drops a staging whose switch-over did not commit. */
    public static void drop(HomeFiles files, long id) throws IOException {
        deleteTree(dir(files.home(), id));
    }

    /** At start: finishes a switch-over the database committed, or drops one it did not. */
    public static void recover(HomeFiles files, long committedId) throws IOException {
        Path staging = files.home().resolve("var").resolve("staging");
        if (committedId != 0) {
            int done = commit(files, committedId);
            LOG.info("finished the file part of an interrupted full synchronization: {} file(s)", done);
        }
        if (Files.exists(staging)) {
            try (Stream<Path> leftovers = Files.list(staging)) {
                for (Path leftover : leftovers.toList()) {
                    LOG.info("dropping {}: a full synchronization interrupted before its switch-over", leftover);
                    deleteTree(leftover);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
