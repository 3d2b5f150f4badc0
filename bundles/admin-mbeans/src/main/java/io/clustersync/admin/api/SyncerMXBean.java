package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code io.clustersync:type=Syncer,db=<db>,source=<n>}: the replication of one Replica Of source, on the node
 * that runs it (the node of the destination's first master shard). Notifications: {@value #STOPPED} (replication
 * stopped by an error), {@value #HIGH_LAG} (lag crossed {@link #getLagAlertMs()}) and {@value #FULL_RESYNC}.
 */
@ProviderType
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

    /** How long the write applied last took from the source proxy to the destination; 0 when caught up. */
    long getLagMs();

    /** Sum over the source shards of the highest offset received. */
    long getSourceOffset();

    /** Sum over the source shards of the highest offset applied on the destination. */
    long getDestinationOffset();

    /** Bytes read from the source's proxies since this node began running the replication. */
    long getIngressBytes();

    /** Writes applied in the last second. */
    long getOpsPerSecond();

    /** Full resyncs (snapshots) of source shards. */
    long getFullSyncs();

    /** Partial resyncs (from the source's backlog) of source shards. */
    long getPartialSyncs();

    /** The last error met (a lost connection, a refused password), or "". */
    String getLastError();

    /** Connections to source proxies now open. */
    int getConnections();

    /** Lag above which an {@value #HIGH_LAG} notification is sent: the server parameter {@value #LAG_ALERT_PARAMETER}. */
    long getLagAlertMs();

    String STOPPED = "io.clustersync.syncer.stopped";
    String HIGH_LAG = "io.clustersync.syncer.high-lag";
    String FULL_RESYNC = "io.clustersync.syncer.full-resync";
    String LAG_ALERT_PARAMETER = "syncer_lag_alert_ms";
    long DEFAULT_LAG_ALERT_MS = 1000;
}
