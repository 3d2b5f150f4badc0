package io.clustersync.core.internal.fullsync;

import java.util.List;

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

    String where() {
        return rowFilter.isEmpty() ? "" : " WHERE " + rowFilter;
    }
}
