package io.clustersync.core.internal.accounts;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The home directories of synchronized accounts on a secondary: an account whose home is missing there (its parent
 * may exist only on the primary) gets it, under the accounts root, owned by the account's UID and GID. A node that
 * does not run as root cannot give it away, and says so for the account. A directory that exists is never
 * deleted or re-owned: when its owner differs from the account's, that is said too.
 */
public final class AccountHomes {

    /** The cluster parameter naming the synchronized accounts root (default: the node home's {@code accounts/}). */
    public static final String ROOT_PARAMETER = "accounts.root";
    public static final String TABLE = "ACCOUNTS";

    /** One account's home: its name, its HOME_DIR (relative to the root), its UID and GID (either may be null). */
    public record Account(String name, String home, Integer uid, Integer gid) {
    }

    private final Path root;
    private final boolean canChown;

    /** {@code canChown}: whether this process may give a file to another owner (it runs as root). */
    public AccountHomes(Path root, boolean canChown) {
        this.root = root;
        this.canChown = canChown;
    }

    /** Whether this JVM runs as root (uid 0), and so can set a directory's owner. */
    public static boolean runsAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Makes each account's home that is missing; returns what the operator must hear, one line per account (empty
     * when every home was there, or made and given to its owner).
     */
    public List<String> ensure(List<Account> accounts) {
        List<String> notes = new ArrayList<>();
        for (Account a : accounts) {
            String note = ensure(a);
            if (note != null) {
                notes.add(note);
            }
        }
        return notes;
    }

    /** One account: null when nothing needs saying. */
    public String ensure(Account a) {
        if (a.home() == null || a.home().isBlank()) {
            return null;
        }
        Path relative = Path.of(a.home().trim());
        Path dir = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !dir.startsWith(root.normalize()) || dir.equals(root.normalize())) {
            return "account '" + a.name() + "': home '" + a.home() + "' is not a folder under the accounts root " + root
                    + ": not created";
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return ownerNote(a, dir);
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "account '" + a.name() + "': " + dir + " exists and is not a folder: left as it is";
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            return "account '" + a.name() + "': " + dir + " exists and is not a folder: left as it is";
        } catch (IOException e) {
            return "account '" + a.name() + "': cannot create its home " + dir + ": " + e.getMessage();
        }
        if (a.uid() == null && a.gid() == null) {
            return null;
        }
        if (!canChown) {
            return "account '" + a.name() + "': home " + dir + " created, but its owner was not set to " + owner(a)
                    + ": this node does not run as root";
        }
        try {
            if (a.uid() != null) {
                Files.setAttribute(dir, "unix:uid", a.uid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (a.gid() != null) {
                Files.setAttribute(dir, "unix:gid", a.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "account '" + a.name() + "': home " + dir + " created, but its owner was not set to " + owner(a) + ": "
                    + e.getMessage();
        }
    }

    /** An existing home owned by someone else than the account says so; it is not re-owned. */
    private static String ownerNote(Account a, Path dir) {
        try {
            Object uid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            boolean uidDiffers = a.uid() != null && !a.uid().equals(uid);
            boolean gidDiffers = a.gid() != null && !a.gid().equals(gid);
            if (uidDiffers || gidDiffers) {
                return "account '" + a.name() + "': home " + dir + " exists, owned by " + uid + ":" + gid + ", not "
                        + owner(a) + ": not re-owned";
            }
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String owner(Account a) {
        return (a.uid() == null ? "-" : a.uid()) + ":" + (a.gid() == null ? "-" : a.gid());
    }
}
