package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the DATABASES table. */
public final class DatabaseRow {
    private final String id;
    private final String name;
    private final int shards;
    private final String syncerMode;
    private final String endpoint;
    private final int port;
    private final String policy;

    @ConstructorParameters({"id", "name", "shards", "syncerMode", "endpoint", "port", "policy"})
    public DatabaseRow(String id, String name, int shards, String syncerMode, String endpoint, int port, String policy) {
        this.id = id;
        this.name = name;
        this.shards = shards;
        this.syncerMode = syncerMode;
        this.endpoint = endpoint;
        this.port = port;
        this.policy = policy;
    }

    /** {@code db:N}. */
    public String getId() { return id; }

    public String getName() { return name; }

    public int getShards() { return shards; }

    public String getSyncerMode() { return syncerMode; }

    /** {@code endpoint:<db>:1}. */
    public String getEndpoint() { return endpoint; }

    public int getPort() { return port; }

    public String getPolicy() { return policy; }
}
