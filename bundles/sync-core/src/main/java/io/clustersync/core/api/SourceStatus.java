package io.clustersync.core.api;

/**
 * The replication of one Replica Of source as the node running its syncer reports it.
 *
 * @param implementation the syncer's bundle and class, or "" when no syncer serves the mode
 * @param state          {@code syncing}, {@code synced}, {@code paused} or {@code stopped}
 * @param detail         progress, or the last error of a stopped replication
 */
public record SourceStatus(int databaseId, int sourceIndex, String source, int nodeId, String mode,
                           String implementation, String state, String detail) {
}
