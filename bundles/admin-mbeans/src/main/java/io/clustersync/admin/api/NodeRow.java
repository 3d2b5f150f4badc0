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

    @ConstructorParameters({"id", "role", "address", "shards", "local", "status"})
    public NodeRow(String id, String role, String address, int shards, boolean local, String status) {
        this.id = id;
        this.role = role;
        this.address = address;
        this.shards = shards;
        this.local = local;
        this.status = status;
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

    public String getStatus() { return status; }
}
