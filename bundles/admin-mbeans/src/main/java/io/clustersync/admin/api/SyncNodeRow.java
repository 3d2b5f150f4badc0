package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the {@code sync status} table. */
public final class SyncNodeRow {
    private final String node;
    private final String role;
    private final String state;
    private final long applied;
    private final String lastError;

    @ConstructorParameters({"node", "role", "state", "applied", "lastError"})
    public SyncNodeRow(String node, String role, String state, long applied, String lastError) {
        this.node = node;
        this.role = role;
        this.state = state;
        this.applied = applied;
        this.lastError = lastError;
    }

    /** {@code node:N}. */
    public String getNode() { return node; }

    /** {@code primary} or {@code secondary}. */
    public String getRole() { return role; }

    /** {@code synced}, {@code behind}, {@code offline} or {@code unknown}. */
    public String getState() { return state; }

    /** The last change sequence the node applied. */
    public long getApplied() { return applied; }

    /** Why the node could not apply a change, or "". */
    public String getLastError() { return lastError; }
}
