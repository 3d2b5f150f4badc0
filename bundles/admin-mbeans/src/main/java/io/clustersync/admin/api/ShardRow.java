package io.clustersync.admin.api;

/**
 * A row of the SHARDS table: placement from the cluster model, figures from the node holding the shard.
 *
 * @param db {@code db:N}.
 * @param id {@code shard:N}.
 * @param node {@code node:N}.
 * @param role {@code master} or {@code replica}.
 * @param slots The hash slot range, e.g. {@code 0-5461}.
 * @param keys Keys held by the shard.
 * @param memoryBytes Estimated memory of its keys and values, in bytes.
 * @param offset The replication offset: one more for every write.
 * @param status {@code OK}, or {@code UNREACHABLE} when the node holding it did not answer.
 * @param fullSyncs Replication streams this shard served with a full snapshot.
 * @param partialSyncs Replication streams this shard served from its backlog.
 */
public record ShardRow(String db, String name, String id, String node, String role, String slots, long keys,
                       long memoryBytes, long offset, String replicationId, String status, long fullSyncs,
                       long partialSyncs) {
}
