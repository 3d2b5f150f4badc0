package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

/** An open replication stream of one shard; closing it stops the events. */
@ProviderType
public interface ShardStream extends AutoCloseable {

    Shard shard();

    @Override
    void close();
}
