package io.clustersync.admin.api;

/** A row of the CLUSTER NODES table. */
@Description("A node of the cluster (a row of the CLUSTER NODES table)")
public record NodeRow(
        @Description("node:N") String id,
        @Description("primary or secondary") String role,
        @Description("The node's address") String address,
        @Description("Master shards on this node") int shards,
        @Description("True for the node that answered") boolean local,
        @Description("OK (this node, or heard on the cluster bus), OFFLINE or UNKNOWN (no bus)") String status,
        @Description("The last failure of the bus link to this node, or empty") String lastError) {
}
