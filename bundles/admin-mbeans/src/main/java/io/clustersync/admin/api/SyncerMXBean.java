package io.clustersync.admin.api;

/**
 * {@code io.clustersync:type=Syncer,db=<db>,source=<n>}: the replication of one Replica Of source, on the node
 * that runs it (the node of the destination's first master shard).
 */
public interface SyncerMXBean {

    static String objectName(String databaseName, int sourceIndex) {
        return "io.clustersync:type=Syncer,db=" + databaseName + ",source=" + sourceIndex;
    }

    /** {@code db:N}. */
    String getDatabase();

    /** The source URI, its password hidden. */
    String getSource();

    /** The syncer_mode the replication runs in. */
    String getMode();

    /** The syncer's bundle, version and class. */
    String getImplementation();

    /** {@code syncing}, {@code synced}, {@code paused} or {@code stopped}. */
    String getStatus();

    /** Progress, counters, or the last error of a stopped replication. */
    String getDetail();

    /** {@code node:N} running the syncer. */
    String getNode();
}
