package io.clustersync.core.api;

import java.util.List;

/** The Replica Of replications this node runs (the node of each destination database's first master shard). */
@org.osgi.annotation.versioning.ProviderType
public interface Replication {

    List<SourceStatus> statuses(int databaseId);
}
