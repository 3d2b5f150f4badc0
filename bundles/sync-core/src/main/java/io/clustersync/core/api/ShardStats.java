package io.clustersync.core.api;

/**
 * The figures of one shard store (with the full and partial resyncs it has served to replication streams) as its node reports them. {@code reachable} is false when the node holding it
 * did not answer; the figures are then zero.
 */
public record ShardStats(int shardId, int databaseId, int nodeId, String role, String slots, boolean reachable,
                         long keys, long expires, long memoryBytes, String replicationId, long offset, long backlogBytes,
                         long backlogFirstOffset, long fullSyncs, long partialSyncs) {

    public String ref() {
        return "shard:" + shardId;
    }
}
