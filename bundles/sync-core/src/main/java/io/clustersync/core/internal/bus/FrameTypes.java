package io.clustersync.core.internal.bus;

/**
 * Every application frame type on the cluster bus, in one place so that no two components share a code: a frame
 * of one component's type handed to another's handler breaks the link it came on. Types below
 * {@link Frame#FIRST_APPLICATION_TYPE} belong to the bus itself. {@code FrameTypesTest} checks that the codes
 * are distinct.
 */
public final class FrameTypes {

    // configuration synchronization (sync.SyncFrames)
    public static final byte SYNC_CHANGE = 16;
    public static final byte SYNC_ACK = 17;
    public static final byte SYNC_POSITION = 18;
    public static final byte SYNC_FORWARD = 19;
    public static final byte SYNC_RESULT = 20;
    public static final byte SYNC_FULL_REQUEST = 21;
    public static final byte SYNC_FULL_MANIFEST = 22;
    public static final byte SYNC_FULL_PLAN = 23;
    public static final byte SYNC_FULL_DONE = 24;
    public static final byte SYNC_FACTS_REQUEST = 25;
    public static final byte SYNC_FACTS = 26;
    public static final byte SYNC_PROMOTE = 27;

    // data plane: commands for shards mastered elsewhere, shard figures (shards.DataFrames)
    public static final byte DATA_COMMAND = 28;
    public static final byte DATA_REPLY = 29;
    public static final byte DATA_QUERY = 30;
    public static final byte DATA_ANSWER = 31;

    // shard replication streams relayed over the bus (shards.StreamFrames)
    public static final byte STREAM_OPEN = 32;
    public static final byte STREAM_EVENT = 33;
    public static final byte STREAM_CLOSE = 34;

    // replication statuses asked of the node running a database's replication (replication.StatusFrames)
    public static final byte STATUS_QUERY = 35;
    public static final byte STATUS_ANSWER = 36;

    // Synchronize All summaries (sync.SyncFrames)
    public static final byte SYNC_FULL_SUMMARY_REQUEST = 37;
    public static final byte SYNC_FULL_SUMMARY = 38;

    // data plane: a blocking command whose client went away (shards.DataFrames)
    public static final byte DATA_CANCEL = 39;

    // pub/sub requests for every node's subscribers, and their answers (shards.DataFrames)
    public static final byte DATA_PUBSUB = 40;
    public static final byte DATA_PUBSUB_ANSWER = 41;

    // Synchronize All snapshots, in parts (sync.SyncFrames)
    public static final byte SYNC_FULL_SNAPSHOT = 42;

    private FrameTypes() {
    }
}
