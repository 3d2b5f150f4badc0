package io.clustersync.core.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the sync rules of a home. One pattern or table per line, {@code #} starts a comment. A line that
 * cannot be parsed is an error naming the file and the line, and then nothing is synchronized: the caller
 * gets a {@link SyncRulesException} instead of a partial set of rules.
 */
final class SyncRulesReader {

    static final String SYNC_CONF = "conf/sync.conf";
    static final String SYNC_EXCL = "conf/sync.excl";
    static final String SYNC_TABLES = "conf/sync_tables.conf";

    /** Tables clustersync keeps itself: the cluster model travels on its own, the others never. */
    static final Set<String> RESERVED_TABLES = Set.of("CLUSTER_NODES", "DATABASES", "SHARDS", "ENDPOINTS", "REPLICA_SOURCES", "SERVER_PARAMS",
            "SCHEMA_HISTORY", "ID_COUNTERS", "SYNC_LOG", "SYNC_STATE", "CAPTURED_ROWS", "FAILED_CHANGES");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** A malformed rules file. */
    static final class SyncRulesException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncRulesException(String message) {
            super(message);
        }
    }

    private SyncRulesReader() {
    }

    static SyncRules read(Path home) {
        return new SyncRules(patterns(home, SYNC_CONF), patterns(home, SYNC_EXCL), tables(home));
    }

    private static List<String> patterns(Path home, String file) {
        List<String> out = new ArrayList<>();
        int number = 0;
        for (String raw : lines(home, file)) {
            number++;
            String line = strip(raw);
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + number + ": ";
            if (line.startsWith("/") || line.contains("..")) {
                throw new SyncRulesException(where + "'" + line + "' must be a pattern relative to the node's home, without '..'");
            }
            if (line.equals("etc") || line.startsWith("etc/")) {
                throw new SyncRulesException(where + "'" + line + "': etc/ holds node-local settings and is never synchronized");
            }
            if (line.contains(" ") || line.contains("\t")) {
                throw new SyncRulesException(where + "'" + line + "' holds a blank; one pattern per line");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + line);
            } catch (PatternSyntaxException e) {
                throw new SyncRulesException(where + "'" + line + "' is not a valid glob pattern: " + e.getDescription());
            }
            out.add(line);
        }
        return out;
    }

    private static List<SyncRules.Table> tables(Path home) {
        List<SyncRules.Table> out = new ArrayList<>();
        int number = 0;
        for (String raw : lines(home, SYNC_TABLES)) {
            number++;
            String line = strip(raw);
            if (line.isEmpty()) {
                continue;
            }
            String where = SYNC_TABLES + " line " + number + ": ";
            String[] words = line.split("\\s+");
            if (words.length > 2 || (words.length == 2 && !words[1].equalsIgnoreCase("full"))) {
                throw new SyncRulesException(where + "'" + line + "' is not of the form TABLE [full]");
            }
            if (!TABLE.matcher(words[0]).matches()) {
                throw new SyncRulesException(where + "'" + words[0] + "' is not a table name");
            }
            String name = words[0].toUpperCase(Locale.ROOT);
            if (name.equals("AUDIT_LOG")) {
                throw new SyncRulesException(where + "AUDIT_LOG is never synchronized: each node keeps its own");
            }
            if (RESERVED_TABLES.contains(name)) {
                throw new SyncRulesException(where + name + " belongs to clustersync itself and cannot be listed");
            }
            if (out.stream().anyMatch(t -> t.name().equals(name))) {
                throw new SyncRulesException(where + name + " is listed twice");
            }
            out.add(new SyncRules.Table(name, words.length == 2));
        }
        return out;
    }

    private static List<String> lines(Path home, String file) {
        Path path = home.resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SyncRulesException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static String strip(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }
}
