package io.clustersync.admin.api;

/** A row of the {@code sync status} table. */
@Description("A node's configuration sync (a row of the sync status table)")
public record SyncNodeRow(
        @Description("node:N") String node,
        @Description("primary or secondary") String role,
        @Description("synced, behind, offline or unknown") String state,
        @Description("The last change sequence the node applied") long applied,
        @Description("Why the node could not apply a change, or empty") String lastError) {
}
