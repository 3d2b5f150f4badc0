package io.clustersync.core.internal.fullsync;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table Synchronize All carries: its name, and the condition that picks the rows that travel (server
 * parameters travel only when not local; local ones are neither sent nor deleted).
 */
public record SyncedTable(String name, String rowFilter) {

    /** The cluster model's own tables, in the order their foreign keys need. */
    public static final List<SyncedTable> MODEL = List.of(
            new SyncedTable("DATABASES", ""),
            new SyncedTable("SHARDS", ""),
            new SyncedTable("ENDPOINTS", ""),
            new SyncedTable("REPLICA_SOURCES", ""),
            new SyncedTable("SERVER_PARAMS", "IS_LOCAL = FALSE"),
            new SyncedTable("ID_COUNTERS", ""));

    /**
     * Columns each node fills itself when a row reaches it by dynamic sync (a creation time): not part of a row's
     * digest, so {@code verify} and Synchronize All's comparison leave them out; a full copy still carries the
     * primary's values.
     */
    static final Map<String, Set<String>> NODE_LOCAL_COLUMNS = Map.of("DATABASES", Set.of("CREATED_AT"));

    /** Each table's name, to the condition of its rows that travel (empty: every row). */
    public static Map<String, String> filters(List<SyncedTable> tables) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        tables.forEach(t -> out.put(t.name(), t.rowFilter()));
        return out;
    }

    String where() {
        return rowFilter.isEmpty() ? "" : " WHERE " + rowFilter;
    }
}
