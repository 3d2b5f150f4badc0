package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.files.FileSelection;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * True for a path relative to the home ('/'-separated) that a pattern of sync.conf takes and no pattern of
     * sync.excl does.
     */
    boolean isSynchronizedFile(String relative) {
        if (relative.startsWith("/") || relative.equals("etc") || relative.startsWith("etc/")) {
            return false;
        }
        return matchesAny(filePatterns, relative) && !matchesAny(exclusions, relative);
    }

    /** The files these rules synchronize, as a selection a kept listing of the home is tied to. */
    FileSelection fileSelection() {
        return new FileSelection(List.of(filePatterns, exclusions), this::isSynchronizedFile);
    }

    /** A compiled glob: tests a path relative to the home, '/'-separated. */
    interface Glob {
        boolean matches(String relative);
    }

    /** Compiled globs, by pattern: a walk of a large home asks every file of every pattern. */
    private static final Map<String, Glob> GLOBS = new ConcurrentHashMap<>();

    private static boolean matchesAny(List<String> patterns, String relative) {
        for (String pattern : patterns) {
            if (GLOBS.computeIfAbsent(pattern, SyncRules::compile).matches(relative)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The two shapes sync.conf and sync.excl use most, {@code dir/**} and {@code **}{@code /*suffix}, as plain
     * string tests that say exactly what the JDK's glob says; any other pattern is the JDK's glob.
     */
    static Glob compile(String pattern) {
        if (pattern.endsWith("/**") && isLiteral(pattern.substring(0, pattern.length() - 2))) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return relative -> relative.startsWith(prefix);
        }
        if (pattern.startsWith("**/*") && isLiteral(pattern.substring(4)) && pattern.indexOf('/', 3) < 0) {
            String suffix = pattern.substring(4);
            return relative -> relative.endsWith(suffix) && relative.lastIndexOf('/') >= 0
                    && relative.lastIndexOf('/') < relative.length() - suffix.length();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return relative -> matcher.matches(Path.of(relative));
    }

    private static boolean isLiteral(String text) {
        for (int i = 0; i < text.length(); i++) {
            if ("*?[]{}\\".indexOf(text.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
