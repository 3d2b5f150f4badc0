package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code io.clustersync:type=Syncer,db=<db>,source=<n>}: the replication of one Replica Of source, on the node
 * that runs it (the node of the destination's first master shard). Notifications: {@value #STOPPED} (replication
 * stopped by an error), {@value #HIGH_LAG} (lag crossed {@link #getLagAlertMs()}) and {@value #FULL_RESYNC}.
 */
@ProviderType
@Description("The replication of one Replica Of source, on the node that runs it")
public interface SyncerMXBean {

    static String objectName(String databaseName, int sourceIndex) {
        return "io.clustersync:type=Syncer,db=" + databaseName + ",source=" + sourceIndex;
    }

    @Description("The destination database, db:N")
    String getDatabase();

    @Description("The source URI, its password hidden")
    String getSource();

    @Description("The syncer_mode the replication runs in")
    String getMode();

    @Description("The syncer's bundle, version and class")
    String getImplementation();

    @Description("syncing, synced, paused or stopped")
    String getStatus();

    @Description("Progress, counters, or the last error of a stopped replication")
    String getDetail();

    @Description("node:N running the syncer")
    String getNode();

    @Description("How long the write applied last took from the source proxy to the destination, in ms; 0 when caught up")
    long getLagMs();

    @Description("Sum over the source shards of the highest offset received")
    long getSourceOffset();

    @Description("Sum over the source shards of the highest offset applied on the destination")
    long getDestinationOffset();

    @Description("Bytes read from the source's proxies since this node began running the replication")
    long getIngressBytes();

    @Description("Writes applied in the last second (ops/s)")
    long getOpsPerSecond();

    @Description("Full resyncs (snapshots) of source shards")
    long getFullSyncs();

    @Description("Partial resyncs (from the source's backlog) of source shards")
    long getPartialSyncs();

    @Description("The last error met (a lost connection, a refused password), or empty")
    String getLastError();

    @Description("Connections to source proxies now open")
    int getConnections();

    @Description("Lag above which a high-lag notification is sent, in ms: the server parameter syncer_lag_alert_ms")
    long getLagAlertMs();

    String STOPPED = "io.clustersync.syncer.stopped";
    String HIGH_LAG = "io.clustersync.syncer.high-lag";
    String FULL_RESYNC = "io.clustersync.syncer.full-resync";
    String LAG_ALERT_PARAMETER = "syncer_lag_alert_ms";
    long DEFAULT_LAG_ALERT_MS = 1000;
}
