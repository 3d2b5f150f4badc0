package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=ActiveActive,name=<db>}: this cluster's instance of an Active-Active database. A
 * peer whose stream stops is announced by a {@value #PEER_OUT_OF_SYNC} notification, and its return by
 * {@value #PEER_IN_SYNC}.
 */
@ProviderType
public interface ActiveActiveMXBean {

    String TYPE_PATTERN = "io.clustersync:type=ActiveActive,*";
    String PEER_OUT_OF_SYNC = "io.clustersync.crdb.peer.out-of-sync";
    String PEER_IN_SYNC = "io.clustersync.crdb.peer.in-sync";

    static String objectName(String databaseName) {
        return "io.clustersync:type=ActiveActive,name=" + databaseName;
    }

    /** The Active-Active database's id, the same in every instance. */
    String getId();

    /** This cluster's database, {@code db:N}. */
    String getDatabase();

    /** This instance's id. */
    int getInstance();

    List<CrdbInstanceRow> getInstances();

    List<CrdbPeerRow> getPeers();

    /**
     * Tombstones pending: what this instance's keys keep of removes (per key, field and instance) to take away late
     * copies of what they removed, and deleted list elements; forgotten once every instance has seen them.
     */
    long getTombstones();

    /** Tombstones forgotten by this instance's shards (every instance had seen them) since their nodes started. */
    long getTombstonesCollected();

    /**
     * How old, in ms, is the latest point up to which every instance has applied every write (the oldest of this
     * instance's shards): tombstones younger than it wait; it grows while an instance is cut off. -1 while some
     * shard has not yet heard from every instance.
     */
    long getSeenEverywhereAgeMs();

    /** Deltas of other instances merged by this instance's shards since their nodes started. */
    long getMergedDeltas();

    /**
     * Sets the instances: one per line or {@code ;}, each {@code <id> <cluster> <admin host:port> <endpoint host:port>};
     * the others become the peers this instance pulls, with {@code password} (the database's, or empty).
     */
    void setInstances(String instances, String password);

    /** Deletes every key of this instance as it sees them now (crdb flush runs it on every instance); answers how many. */
    long flush();
}
