package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=Database,name=<db>}: one database. A change of {@code SyncerMode} or of
 * {@code EndpointPolicy}, from this bean or from anywhere else, is announced by a
 * {@code jmx.attribute.change} notification.
 */
@ProviderType
public interface DatabaseMXBean {

    String TYPE_PATTERN = "io.clustersync:type=Database,*";

    static String objectName(String databaseName) {
        return "io.clustersync:type=Database,name=" + databaseName;
    }

    /** {@code db:N}. */
    String getId();

    String getName();

    int getShardCount();

    boolean isPasswordProtected();

    List<EndpointRow> getEndpoints();

    List<ShardRow> getShards();

    /** The policy of the database's endpoint ({@code endpoint:<db>:1}). */
    String getEndpointPolicy();

    String getSyncerMode();

    /** Clients may only read (set with {@code tune("read_only", "yes")}); Replica Of still writes. */
    boolean isReadOnly();

    /** Same as {@code tune("syncer_mode", mode)}. */
    void setSyncerMode(String mode);

    /** The {@code info db} report. */
    String getInfo();

    /** Binds an endpoint ({@code endpoint:<db>:<n>} or {@code <db>:<n>}) to a proxy policy. */
    void bind(String endpointId, String policy);

    /** Sets a tunable ({@code syncer_mode}); unknown parameters are refused by name. */
    void tune(String parameter, String value);

    /** Replica Of: {@code disabled}, {@code enabled} or {@code paused}. */
    String getReplicaState();

    /** The Replica Of sources, their passwords hidden. */
    List<String> getReplicaSources();

    /**
     * Each source's replication as this node runs it (the node of the database's first master shard):
     * {@code source N <uri>: <syncing|synced|paused|stopped> (<detail>) by <mode> syncer <implementation> on node:N}.
     */
    List<String> getReplicationStatus();

    /** Adds a Replica Of source ({@code redis://[:password@]host:port/name}) and enables replication. */
    void replicaOf(String sourceUri);

    void pauseReplication();

    void resumeReplication();

    /** Forgets every source: the database no longer replicates. */
    void stopReplication();
}
