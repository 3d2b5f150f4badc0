package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * The Replica Of replications this node runs: the node of each destination database's first master shard, and for
 * a spread syncer ({@link io.clustersync.core.spi.Syncer#SPREAD}) every node that masters a shard of it, each with its share.
 */
@ProviderType
public interface Replication {

    List<SourceStatus> statuses(int databaseId);

    /**
     * The statuses of a database's replication seen from any node: this node's own, and those asked over the
     * cluster bus of every other node that runs a share (a status {@code unknown} says why a node did not answer).
     */
    default List<SourceStatus> clusterStatuses(int databaseId) {
        return statuses(databaseId);
    }
}
