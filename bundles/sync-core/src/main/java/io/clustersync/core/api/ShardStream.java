package io.clustersync.core.api;

/** An open replication stream of one shard; closing it stops the events. */
public interface ShardStream extends AutoCloseable {

    Shard shard();

    @Override
    void close();
}
