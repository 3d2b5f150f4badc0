package io.clustersync.core.internal.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a full synchronization, staged under {@code var/staging/full-<id>/} before the switch-over: each
 * file at its own relative path under {@code tree/}, and a journal (digest and path of each file; or a deletion).
 * The switch-over's database transaction records the staging id; only then are the files moved into place, a
 * folder the home does not have yet with one rename. A node killed before that commit drops the staging on its
 * next start (its old files stay); one killed after it finishes the moves on its next start (roll forward).
 */
public final class FileStaging {

    static final String JOURNAL = "journal";
    static final String TREE = "tree";
    private static final Logger LOG = LoggerFactory.getLogger(FileStaging.class);

    private FileStaging() {
    }

    static Path dir(Path home, long id) {
        return home.resolve("var").resolve("staging").resolve("full-" + id);
    }

    /** Writes every file to write into the staging folder, and the journal of what to do with each. */
    public static void stage(HomeFiles files, long id, List<FileChange> changes) throws IOException {
        Stager stager = open(files, id);
        for (FileChange change : changes) {
            stager.add(change);
        }
        stager.finish(Set.of());
    }

    /** An empty staging folder {@code id}, for files that come one by one (a snapshot's, as they are read). */
    public static Stager open(HomeFiles files, long id) throws IOException {
        Path dir = dir(files.home(), id);
        deleteTree(dir);
        Files.createDirectories(dir.resolve(TREE));
        return new Stager(files, dir);
    }

    /** Stages files as they come; {@link #finish} writes the journal, without which the staging is never used. */
    public static final class Stager {
        private final HomeFiles files;
        private final Path dir;
        private final Set<Path> folders = new HashSet<>();
        private final Set<String> staged = new HashSet<>();
        private final List<String> journal = new ArrayList<>();

        private Stager(HomeFiles files, Path dir) {
            this.files = files;
            this.dir = dir;
        }

        public void add(FileChange change) throws IOException {
            String relative = files.relative(files.resolve(change.path()));
            if (change.delete()) {
                journal.add("D " + relative);
                return;
            }
            Path staged = dir.resolve(TREE).resolve(relative);
            if (folders.add(staged.getParent())) {
                Files.createDirectories(staged.getParent());
            }
            Files.write(staged, change.content());
            this.staged.add(relative);
            journal.add("T " + HomeFiles.digest(change.content()) + " " + relative);
        }

        /**
         * Writes the journal; each of {@code existing} (relative paths this node holds) that was not staged is
         * deleted at the switch-over, as a snapshot carries every file the primary has.
         */
        public void finish(Set<String> existing) throws IOException {
            for (String path : existing) {
                String relative = files.relative(files.resolve(path));
                if (!staged.contains(relative)) {
                    journal.add("D " + relative);
                }
            }
            Files.write(dir.resolve(JOURNAL), journal, StandardCharsets.UTF_8);
        }
    }

    /**
     * Deletes the removed files, then moves the staged ones into place and drops the staging folder. Run again
     * after a node was killed halfway, it moves what is still staged.
     */
    public static int commit(HomeFiles files, long id) throws IOException {
        Path dir = dir(files.home(), id);
        Path journal = dir.resolve(JOURNAL);
        if (!Files.exists(journal)) {
            return 0;
        }
        int done = 0;
        Map<String, String> tree = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("D ")) {
                files.apply(new FileChange(line.substring(2), true, new byte[0]));
                done++;
            } else if (line.startsWith("T ")) {
                String[] parts = line.split(" ", 3);
                tree.put(parts[2], parts[1]);
            }
        }
        if (!tree.isEmpty()) {
            files.moveTreeInto(dir.resolve(TREE), tree);
            done += tree.size();
        }
        done += commitFlat(files, dir, lines);
        deleteTree(dir);
        return done;
    }

    /** The journal lines of a staging written flat, one staged name per file (by an earlier version). */
    private static int commitFlat(HomeFiles files, Path dir, List<String> lines) throws IOException {
        int done = 0;
        for (String line : lines) {
            if (line.startsWith("W ")) {
                String[] parts = line.split(" ", 3);
                Path staged = dir.resolve(parts[1]);
                if (Files.exists(staged)) {
                    files.moveInto(staged, parts[2], HomeFiles.digest(Files.readAllBytes(staged)));
                }
                done++;
            } else if (line.startsWith("V ")) {
                String[] parts = line.split(" ", 4);
                Path staged = dir.resolve(parts[1]);
                if (Files.exists(staged)) {
                    files.moveInto(staged, parts[3], parts[2]);
                }
                done++;
            }
        }
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

    /** Deletes a folder of staging that is no longer needed; one that cannot be deleted now goes at the next start. */
    public static void dropFolder(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete {} now ({}); it is dropped at the next start", dir, e.getMessage());
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
