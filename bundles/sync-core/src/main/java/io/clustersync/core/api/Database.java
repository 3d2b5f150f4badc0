package io.clustersync.core.api;

import java.util.List;

/**
 * A replicated database of the cluster model: its shards with their slot ranges and placement, its
 * endpoint, its syncer mode, the sources it replicates (Replica Of) with the state of that replication, and whether
 * its proxies speak TLS.
 */
public record Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                       List<Shard> shards, List<Endpoint> endpoints, List<ReplicaSource> replicaSources,
                       ReplicaState replicaState, boolean readOnly, ActiveActive activeActive, TlsMode tls) {

    public Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                    List<Shard> shards, List<Endpoint> endpoints, List<ReplicaSource> replicaSources, ReplicaState replicaState,
                    boolean readOnly, ActiveActive activeActive) {
        this(id, name, shardCount, passwordProtected, syncerMode, shards, endpoints, replicaSources, replicaState, readOnly,
                activeActive, TlsMode.NO);
    }

    public Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                    List<Shard> shards, List<Endpoint> endpoints, List<ReplicaSource> replicaSources, ReplicaState replicaState,
                    boolean readOnly) {
        this(id, name, shardCount, passwordProtected, syncerMode, shards, endpoints, replicaSources, replicaState, readOnly, null);
    }

    public Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                    List<Shard> shards, List<Endpoint> endpoints, List<ReplicaSource> replicaSources, ReplicaState replicaState) {
        this(id, name, shardCount, passwordProtected, syncerMode, shards, endpoints, replicaSources, replicaState, false);
    }

    /** Replica Of is off: no sources. */
    public static final String REPLICA_DISABLED = "disabled";
    /** Replica Of runs. */
    public static final String REPLICA_ENABLED = "enabled";
    /** Replica Of is paused by the operator; it resumes from its checkpoints. */
    public static final String REPLICA_PAUSED = "paused";
    /** The most sources a database replicates. */
    public static final int MAX_REPLICA_SOURCES = 32;

    public Database {
        shards = List.copyOf(shards);
        endpoints = List.copyOf(endpoints);
        replicaSources = List.copyOf(replicaSources);
        replicaState = replicaState == null ? ReplicaState.DISABLED : replicaState;
        tls = tls == null ? TlsMode.NO : tls;
    }

    /** A database that replicates nothing. */
    public Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                    List<Shard> shards, List<Endpoint> endpoints) {
        this(id, name, shardCount, passwordProtected, syncerMode, shards, endpoints, List.of(), ReplicaState.DISABLED);
    }

    /** Whether this database is an instance of an Active-Active database. */
    public boolean isActiveActive() {
        return activeActive != null;
    }

    /** The operator's name, {@code db:N}. */
    public String ref() {
        return "db:" + id;
    }

    /** The database's (first and, for now, only) endpoint. */
    public Endpoint endpoint() {
        return endpoints.get(0);
    }

    /** Finds an endpoint by {@code endpoint:<db>:<n>} or {@code <db>:<n>}; an unknown id is named in the error. */
    public Endpoint endpoint(String reference) {
        return endpoints.stream().filter(e -> e.matches(reference)).findFirst()
                .orElseThrow(() -> new ModelException("unknown endpoint '" + reference + "' for database "
                        + ref() + " '" + name + "'; its endpoints are: "
                        + String.join(", ", endpoints.stream().map(Endpoint::id).toList())));
    }
}
