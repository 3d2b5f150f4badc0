package io.clustersync.admin.api;

/**
 * A row of the {@code sync status} table.
 *
 * @param node {@code node:N}.
 * @param role {@code primary} or {@code secondary}.
 * @param state {@code synced}, {@code behind}, {@code offline} or {@code unknown}.
 * @param applied The last change sequence the node applied.
 * @param lastError Why the node could not apply a change, or "".
 */
public record SyncNodeRow(String node, String role, String state, long applied, String lastError) {
}
