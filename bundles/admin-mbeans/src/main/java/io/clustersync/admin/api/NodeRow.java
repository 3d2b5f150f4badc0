package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the CLUSTER NODES table. */
public final class NodeRow {
    private final String id;
    private final String role;
    private final String address;
    private final int shards;
    private final boolean local;
    private final String status;
    private final String lastError;

    @ConstructorParameters({"id", "role", "address", "shards", "local", "status", "lastError"})
    public NodeRow(String id, String role, String address, int shards, boolean local, String status, String lastError) {
        this.id = id;
        this.role = role;
        this.address = address;
        this.shards = shards;
        this.local = local;
        this.status = status;
        this.lastError = lastError;
    }

    /** {@code node:N}. */
    public String getId() { return id; }

    /** {@code primary} or {@code secondary}. */
    public String getRole() { return role; }

    public String getAddress() { return address; }

    /** Master shards on this node. */
    public int getShards() { return shards; }

    /** True for the node that answered. */
    public boolean isLocal() { return local; }

    /** {@code OK} (this node, or heard on the cluster bus), {@code OFFLINE} or {@code UNKNOWN} (no bus). */
    public String getStatus() { return status; }

    /** The last failure of the bus link to this node, or "". */
    public String getLastError() { return lastError; }
}
