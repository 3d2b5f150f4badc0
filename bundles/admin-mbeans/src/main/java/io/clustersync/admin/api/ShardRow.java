package io.clustersync.admin.api;

/** A row of the SHARDS table: placement from the cluster model, figures from the node holding the shard. */
@Description("A shard of a database (a row of the SHARDS table): placement from the cluster model, figures from its node")
public record ShardRow(
        @Description("db:N") String db,
        @Description("The database's name") String name,
        @Description("shard:N") String id,
        @Description("node:N holding it") String node,
        @Description("master or replica") String role,
        @Description("The hash slot range, e.g. 0-5461") String slots,
        @Description("Keys held by the shard") long keys,
        @Description("Estimated memory of its keys and values, in bytes") long memoryBytes,
        @Description("The replication offset: one more for every write") long offset,
        @Description("The replication id its offsets belong to") String replicationId,
        @Description("OK, or UNREACHABLE when the node holding it did not answer") String status,
        @Description("Replication streams this shard served with a full snapshot") long fullSyncs,
        @Description("Replication streams this shard served from its backlog") long partialSyncs) {
}
