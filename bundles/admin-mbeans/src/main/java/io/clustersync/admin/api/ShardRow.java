package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the SHARDS table. */
public final class ShardRow {
    private final String db;
    private final String name;
    private final String id;
    private final String node;
    private final String role;
    private final String slots;

    @ConstructorParameters({"db", "name", "id", "node", "role", "slots"})
    public ShardRow(String db, String name, String id, String node, String role, String slots) {
        this.db = db;
        this.name = name;
        this.id = id;
        this.node = node;
        this.role = role;
        this.slots = slots;
    }

    /** {@code db:N}. */
    public String getDb() { return db; }

    public String getName() { return name; }

    /** {@code shard:N}. */
    public String getId() { return id; }

    /** {@code node:N}. */
    public String getNode() { return node; }

    /** {@code master} or {@code replica}. */
    public String getRole() { return role; }

    /** The hash slot range, e.g. {@code 0-5461}. */
    public String getSlots() { return slots; }
}
