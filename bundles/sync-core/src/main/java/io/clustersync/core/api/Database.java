package io.clustersync.core.api;

import java.util.List;

/**
 * A replicated database of the cluster model: its shards with their slot ranges and placement, its
 * endpoint and its syncer mode.
 */
public record Database(int id, String name, int shardCount, boolean passwordProtected, SyncerMode syncerMode,
                       List<Shard> shards, List<Endpoint> endpoints) {

    public Database {
        shards = List.copyOf(shards);
        endpoints = List.copyOf(endpoints);
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
