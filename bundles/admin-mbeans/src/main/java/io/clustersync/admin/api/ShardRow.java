package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the SHARDS table: placement from the cluster model, figures from the node holding the shard. */
public final class ShardRow {
    private final String db;
    private final String name;
    private final String id;
    private final String node;
    private final String role;
    private final String slots;
    private final long keys;
    private final long memoryBytes;
    private final long offset;
    private final String replicationId;
    private final String status;
    private final long fullSyncs;
    private final long partialSyncs;

    @ConstructorParameters({"db", "name", "id", "node", "role", "slots", "keys", "memoryBytes", "offset", "replicationId", "status",
        "fullSyncs", "partialSyncs"})
    public ShardRow(String db, String name, String id, String node, String role, String slots, long keys, long memoryBytes,
                    long offset, String replicationId, String status, long fullSyncs, long partialSyncs) {
        this.db = db;
        this.name = name;
        this.id = id;
        this.node = node;
        this.role = role;
        this.slots = slots;
        this.keys = keys;
        this.memoryBytes = memoryBytes;
        this.offset = offset;
        this.replicationId = replicationId;
        this.status = status;
        this.fullSyncs = fullSyncs;
        this.partialSyncs = partialSyncs;
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

    /** Keys held by the shard. */
    public long getKeys() { return keys; }

    /** Estimated memory of its keys and values, in bytes. */
    public long getMemoryBytes() { return memoryBytes; }

    /** The replication offset: one more for every write. */
    public long getOffset() { return offset; }

    public String getReplicationId() { return replicationId; }

    /** {@code OK}, or {@code UNREACHABLE} when the node holding it did not answer. */
    public String getStatus() { return status; }

    /** Replication streams this shard served with a full snapshot. */
    public long getFullSyncs() { return fullSyncs; }

    /** Replication streams this shard served from its backlog. */
    public long getPartialSyncs() { return partialSyncs; }
}
