package io.clustersync.core.internal.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The synchronized files of a node's home: listing them with digests, writing one atomically (a temporary file
 * in the same folder, then a rename), deleting one, and remembering the digest of what sync itself wrote, so
 * that the file watch does not send it back. Paths are relative to the home; nothing outside it, and nothing
 * under etc/, data/ or var/, is ever touched.
 *
 * <p>Like rsync's quick check, a file whose size and modification time are those it had when it was last read
 * keeps the digest read then, so listing an unchanged home reads no file.
 */
public final class HomeFiles {

    static final Set<String> NEVER = Set.of("etc", "data", "var");

    private final Path home;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    /** What each file looked like when its digest was last taken. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /**
     * Held to write files (with what sync remembers of them) and to look at one for the file watch: sync remembers a
     * file as its own just before the file appears, and the watch must never look in between, or it would take a
     * file not moved in yet for one deleted here, and an old one for a change made here.
     */
    private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock();
    /** The watch of this home, while one runs, and the last listing it vouches for. */
    private volatile FileWatch watchedBy;
    private volatile Listing listing;

    /** A file's size and modification time (nanoseconds) when its content had this digest. */
    private record Seen(long size, long modified, String digest) {

        boolean matches(BasicFileAttributes attrs) {
            return size == attrs.size() && modified == attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        }

        static Seen of(BasicFileAttributes attrs, String digest) {
            return new Seen(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest);
        }
    }

    public HomeFiles(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    /** The absolute path of a relative one, refused when it leaves the home or enters etc/, data/ or var/. */
    public Path resolve(String relative) {
        Path resolved = home.resolve(relative).normalize();
        if (!resolved.startsWith(home) || resolved.equals(home)) {
            throw new IllegalArgumentException("file '" + relative + "' is outside the node's home");
        }
        if (NEVER.contains(home.relativize(resolved).getName(0).toString())) {
            throw new IllegalArgumentException("file '" + relative + "' is under " + home.relativize(resolved).getName(0)
                    + "/, which is never synchronized");
        }
        return resolved;
    }

    public String relative(Path absolute) {
        return home.relativize(absolute.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * Every file of the home the predicate takes, with its digest, by relative path; a file is read only when its
     * size or modification time changed since it was last read. With {@code fresh}, every file is read.
     */
    public Map<String, String> digests(Predicate<String> synchronizedFile, boolean fresh) throws IOException {
        Map<String, String> out = new TreeMap<>();
        walk(synchronizedFile, (relative, file, attrs) -> {
            Seen before = fresh ? null : seen.get(relative);
            if (before != null && before.matches(attrs)) {
                out.put(relative, before.digest());
            } else {
                String digest = digest(Files.readAllBytes(file));
                seen.put(relative, Seen.of(attrs, digest));
                out.put(relative, digest);
            }
        });
        return out;
    }

    /**
     * The digests of the selection's files, as {@link #digests(Predicate, boolean) digests(selection, false)} gives
     * them, but without walking the home when the file watch vouches for the last listing of the same selection:
     * the watch has settled (handled every event of what was done before this call) and handled none since that
     * listing was taken. Otherwise the home is walked, and that listing is kept in turn.
     */
    public Map<String, String> listing(FileSelection selection) throws IOException {
        FileWatch watch = watchedBy;
        Listing last = listing;
        if (watch != null && last != null && last.watch() == watch && last.selection().sameAs(selection)
                && watch.settle() == last.events()) {
            return last.digests();
        }
        return watch == null ? Collections.unmodifiableMap(digests(selection, false)) : walkFor(watch, selection);
    }

    /**
     * Walks the home for the selection's files and keeps that listing for the watch, marked with the count of
     * events the watch had handled before the walk began: any later event makes it stale. Returns the map kept.
     */
    Map<String, String> walkFor(FileWatch watch, FileSelection selection) throws IOException {
        long mark = watch.events();
        return keepListing(selection, mark, Collections.unmodifiableMap(digests(selection, false)), watch);
    }

    /** A listing of the selection's files, taken when the watch had handled {@code events} events. */
    private record Listing(FileSelection selection, long events, Map<String, String> digests, FileWatch watch) {
    }

    /**
     * Keeps a listing (not to be changed any more) taken when the watch had handled {@code events} events; the
     * watch vouches for it while it handles no other event. A listing equal to the one kept before keeps that
     * one's map, so that what was derived from it (its aggregate digest) still applies. Returns the map kept.
     */
    private Map<String, String> keepListing(FileSelection selection, long events, Map<String, String> digests, FileWatch watch) {
        Listing last = listing;
        Map<String, String> kept = last != null && last.selection().sameAs(selection) && last.digests().equals(digests)
                ? last.digests() : digests;
        watchedBy = watch;
        listing = new Listing(selection, events, kept, watch);
        return kept;
    }

    /** Stops trusting a watch that is closing: later listings walk the home. */
    void unwatched(FileWatch watch) {
        if (watchedBy == watch) {
            watchedBy = null;
            listing = null;
        }
    }

    /**
     * The files of a listing, and those last known that it lacks, whose content is not what sync last sent or
     * wrote: a change no event told of.
     */
    List<String> unlike(Map<String, String> listing, FileSelection selection) {
        List<String> out = new ArrayList<>();
        listing.forEach((relative, digest) -> {
            if (!digest.equals(known.get(relative))) {
                out.add(relative);
            }
        });
        known.forEach((relative, digest) -> {
            if (!digest.isEmpty() && !listing.containsKey(relative) && selection.test(relative)) {
                out.add(relative);
            }
        });
        return out;
    }

    private interface FileVisit {
        void visit(String relative, Path file, BasicFileAttributes attrs) throws IOException;
    }

    /** Sync's own passing files: a write's temporary file, or the file watch's settle marker. Never synchronized. */
    static boolean isOwnWorkFile(Path file) {
        return file.getFileName().toString().startsWith(OWN_PREFIX);
    }

    /** How the names of sync's own passing files begin. */
    static final String OWN_PREFIX = ".clustersync-";

    /**
     * Visits the regular files the predicate takes (given their path relative to the home, '/'-separated), outside
     * etc/, data/ and var/; a file that vanishes is skipped.
     */
    private void walk(Predicate<String> synchronizedFile, FileVisit visit) throws IOException {
        int skip = home.toString().length() + (home.toString().endsWith("/") ? 0 : 1);
        Files.walkFileTree(home, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(home) && NEVER.contains(home.relativize(dir).getName(0).toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = file.toString().substring(skip);
                if (attrs.isRegularFile() && !isOwnWorkFile(file) && synchronizedFile.test(relative)) {
                    try {
                        visit.visit(relative, file, attrs);
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.CONTINUE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** Writes or deletes as the change says, and remembers it as sync's own doing. */
    public void apply(FileChange change) throws IOException {
        writing.writeLock().lock();
        try {
            write(change);
        } finally {
            writing.writeLock().unlock();
        }
    }

    private void write(FileChange change) throws IOException {
        Path target = resolve(change.path());
        if (change.delete()) {
            known.put(change.path(), "");
            seen.remove(change.path());
            Files.deleteIfExists(target);
            return;
        }
        String digest = digest(change.content());
        known.put(change.path(), digest);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), OWN_PREFIX, ".tmp");
        try {
            Files.write(temporary, change.content());
            seen.put(change.path(), Seen.of(Files.readAttributes(temporary, BasicFileAttributes.class), digest));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a file staged on the same file system into place (a rename), and remembers it as sync's own. */
    public void moveInto(Path staged, String relative, String digest) throws IOException {
        writing.writeLock().lock();
        try {
            move(staged, relative, digest);
        } finally {
            writing.writeLock().unlock();
        }
    }

    private void move(Path staged, String relative, String digest) throws IOException {
        Path target = resolve(relative);
        known.put(relative, digest);
        seen.put(relative, Seen.of(Files.readAttributes(staged, BasicFileAttributes.class), digest));
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Moves a tree of staged files (on the same file system) into the home at the same relative paths: a folder
     * the home does not have yet moves with one rename, the files of a folder it has move one by one. Each file is
     * remembered as sync's own, with its digest from {@code digests} (by relative path), just before it appears,
     * and not before: until then the file watch's sweep must still find the old file as it last saw it.
     */
    public void moveTreeInto(Path stagedRoot, Map<String, String> digests) throws IOException {
        moveLevel(stagedRoot, stagedRoot, digests);
    }

    private void moveLevel(Path stagedRoot, Path stagedDir, Map<String, String> digests) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(stagedDir)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            String relative = stagedRoot.relativize(entry).toString().replace('\\', '/');
            Path target = resolve(relative);
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
                    moveNewFolder(stagedRoot, entry, target, digests);
                } else {
                    moveLevel(stagedRoot, entry, digests);
                }
            } else if (digests.containsKey(relative)) {
                moveInto(entry, relative, digests.get(relative));
            }
        }
    }

    /**
     * A folder the home lacks: its files are remembered, then it moves in with one rename (or, where the file
     * system cannot, file by file), with the watch kept from looking until all of it is in.
     */
    private void moveNewFolder(Path stagedRoot, Path folder, Path target, Map<String, String> digests) throws IOException {
        writing.writeLock().lock();
        try {
            rememberTree(stagedRoot, folder, digests);
            if (!moveFolder(folder, target)) {
                moveLevel(stagedRoot, folder, digests);
            }
        } finally {
            writing.writeLock().unlock();
        }
    }

    /** Remembers the staged files of a folder as sync's own, before the folder moves in. */
    private void rememberTree(Path stagedRoot, Path folder, Map<String, String> digests) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String relative = stagedRoot.relativize(file).toString().replace('\\', '/');
                String digest = digests.get(relative);
                if (digest != null) {
                    known.put(relative, digest);
                    seen.put(relative, Seen.of(attrs, digest));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** One rename of a whole folder to a name that does not exist yet; false if the file system cannot. */
    private static boolean moveFolder(Path staged, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            Files.createDirectories(target);
            return false;
        }
    }

    /**
     * What the file now holds, as a change to send, or null when sync itself wrote exactly this (or the file is
     * as it was last seen).
     */
    public FileChange changeOf(String relative) throws IOException {
        writing.readLock().lock();
        try {
            return look(relative);
        } finally {
            writing.readLock().unlock();
        }
    }

    private FileChange look(String relative) throws IOException {
        Path file = resolve(relative);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            seen.remove(relative);
            String before = known.put(relative, "");
            return "".equals(before) ? null : new FileChange(relative, true, new byte[0]);
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        if (attrs.size() > FileChange.MAX_BYTES) {
            throw new IOException("file " + relative + " is " + attrs.size() + " bytes; files over " + FileChange.MAX_BYTES
                    + " bytes are not synchronized");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return look(relative);
        }
        String digest = digest(content);
        seen.put(relative, Seen.of(attrs, digest));
        String before = known.put(relative, digest);
        return digest.equals(before) ? null : new FileChange(relative, false, content);
    }

    /** Forgets what was last seen of a file, so that the next look (an event or the sweep) sends it again. */
    public void forget(String relative) {
        known.put(relative, "?");
        seen.remove(relative);
    }

    /** The file as a change to write, or a deletion when it is gone; for a plan that needs its content. */
    public FileChange read(String relative) throws IOException {
        try {
            return new FileChange(relative, false, Files.readAllBytes(resolve(relative)));
        } catch (NoSuchFileException e) {
            return new FileChange(relative, true, new byte[0]);
        }
    }

    /** Remembers the current digests, so that only later changes are sent. */
    public void remember(Map<String, String> digests) {
        known.putAll(digests);
    }

    public static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
