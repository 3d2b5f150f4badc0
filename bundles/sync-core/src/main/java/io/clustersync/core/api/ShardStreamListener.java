package io.clustersync.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the replication stream of one shard (see {@link DataPlane#stream}). Calls come in order, on a thread
 * of sync-core that holds the shard (or reads the cluster bus): a listener must not block; it hands the events
 * on. A write is given in the normalized form the shard store records (e.g. {@code SET k v PXAT <ms>}), which
 * replays to the same state, with its offset; applying is idempotent by offset.
 */
@ConsumerType
public interface ShardStreamListener {

    /** The offset asked for is not in the backlog (or another replication id): a snapshot at {@code offset} follows. */
    void fullResync(String replicationId, long offset);

    /** One key of the snapshot, as a write. */
    void snapshotWrite(byte[][] write);

    /** The snapshot is complete; writes after its offset follow. */
    void snapshotEnd();

    /** The backlog covers the offset asked for: the writes after it follow, with no snapshot. */
    void partialResync(String replicationId, long offset);

    /** One write of the shard, live or from the backlog. */
    void write(long offset, byte[][] write);

    /** The stream ended: the node holding the shard is gone, the shard was dropped, or the listener fell too far behind. */
    void ended(String reason);
}
