package io.clustersync.admin.api;

/**
 * A row of the CLUSTER NODES table.
 *
 * @param id {@code node:N}.
 * @param role {@code primary} or {@code secondary}.
 * @param shards Master shards on this node.
 * @param local True for the node that answered.
 * @param status {@code OK} (this node, or heard on the cluster bus), {@code OFFLINE} or {@code UNKNOWN} (no bus).
 * @param lastError The last failure of the bus link to this node, or "".
 */
public record NodeRow(String id, String role, String address, int shards, boolean local, String status,
                      String lastError) {
}
