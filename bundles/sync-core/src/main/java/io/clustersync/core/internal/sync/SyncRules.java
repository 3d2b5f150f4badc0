package io.clustersync.core.internal.sync;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;

/**
 * What is synchronized, read from {@code conf/sync.conf} (glob patterns of files under the home),
 * {@code conf/sync.excl} (patterns never copied) and {@code conf/sync_tables.conf} (tables, optionally
 * {@code full}: moved only by Synchronize All).
 */
record SyncRules(List<String> filePatterns, List<String> exclusions, List<Table> tables) {

    /** A synchronized table; a {@code full} one moves only with Synchronize All, never dynamically. */
    record Table(String name, boolean full) {
    }

    SyncRules {
        filePatterns = List.copyOf(filePatterns);
        exclusions = List.copyOf(exclusions);
        tables = List.copyOf(tables);
    }

    static SyncRules none() {
        return new SyncRules(List.of(), List.of(), List.of());
    }

    /** The tables whose changes travel at once (not {@code full}). */
    List<Table> dynamicTables() {
        return tables.stream().filter(t -> !t.full()).toList();
    }

    boolean isSynchronizedTable(String name) {
        return tables.stream().anyMatch(t -> t.name().equals(name.toUpperCase(Locale.ROOT)));
    }

    /** True for a path relative to the home that a pattern of sync.conf takes and no pattern of sync.excl does. */
    boolean isSynchronizedFile(Path relative) {
        if (relative.isAbsolute() || relative.startsWith("etc")) {
            return false;
        }
        return matchesAny(filePatterns, relative) && !matchesAny(exclusions, relative);
    }

    /** Compiled globs, by pattern: a walk of a large home asks every file of every pattern. */
    private static final java.util.Map<String, PathMatcher> MATCHERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean matchesAny(List<String> patterns, Path relative) {
        for (String pattern : patterns) {
            PathMatcher matcher = MATCHERS.computeIfAbsent(pattern, p -> FileSystems.getDefault().getPathMatcher("glob:" + p));
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }
}
