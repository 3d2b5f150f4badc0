package io.clustersync.core.internal.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The synchronized files of a node's home: listing them with digests, writing one atomically (a temporary file
 * in the same folder, then a rename), deleting one, and remembering the digest of what sync itself wrote, so
 * that the file watch does not send it back. Paths are relative to the home; nothing outside it, and nothing
 * under etc/, data/ or var/, is ever touched.
 */
public final class HomeFiles {

    static final Set<String> NEVER = Set.of("etc", "data", "var");

    private final Path home;
    private final Map<String, String> known = new ConcurrentHashMap<>();

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

    /** Every file of the home the predicate takes, with its digest, by relative path. */
    public Map<String, String> digests(Predicate<Path> synchronizedFile) throws IOException {
        Map<String, String> out = new TreeMap<>();
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
                Path relative = home.relativize(file);
                if (attrs.isRegularFile() && synchronizedFile.test(relative)) {
                    out.put(relative.toString().replace('\\', '/'), digest(Files.readAllBytes(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /** Writes or deletes as the change says, and remembers it as sync's own doing. */
    public void apply(FileChange change) throws IOException {
        Path target = resolve(change.path());
        if (change.delete()) {
            known.put(change.path(), "");
            Files.deleteIfExists(target);
            return;
        }
        known.put(change.path(), digest(change.content()));
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".clustersync-", ".tmp");
        try {
            Files.write(temporary, change.content());
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
    public void moveInto(Path staged, String relative) throws IOException {
        Path target = resolve(relative);
        known.put(relative, digest(Files.readAllBytes(staged)));
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * What the file now holds, as a change to send, or null when sync itself wrote exactly this (or the file is
     * as it was last seen).
     */
    public FileChange changeOf(String relative) throws IOException {
        Path file = resolve(relative);
        if (!Files.exists(file)) {
            String before = known.put(relative, "");
            return "".equals(before) ? null : new FileChange(relative, true, new byte[0]);
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size > FileChange.MAX_BYTES) {
            throw new IOException("file " + relative + " is " + size + " bytes; files over " + FileChange.MAX_BYTES
                    + " bytes are not synchronized");
        }
        byte[] content = Files.readAllBytes(file);
        String digest = digest(content);
        String before = known.put(relative, digest);
        return digest.equals(before) ? null : new FileChange(relative, false, content);
    }

    /** Forgets what was last seen of a file, so that the next look sends it again. */
    public void forget(String relative) {
        known.remove(relative);
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
