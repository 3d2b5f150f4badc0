package io.clustersync.core.api;

import java.util.List;

/** The Replica Of replications this node runs (the node of each destination database's first master shard). */
@org.osgi.annotation.versioning.ProviderType
public interface Replication {

    List<SourceStatus> statuses(int databaseId);

    /**
     * The statuses of a database's replication seen from any node: this node's own if it runs it, otherwise asked
     * over the cluster bus of the node that does (a status {@code unknown} says why that node did not answer).
     */
    default List<SourceStatus> clusterStatuses(int databaseId) {
        return statuses(databaseId);
    }
}
