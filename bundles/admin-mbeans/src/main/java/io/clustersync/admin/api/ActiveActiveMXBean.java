package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=ActiveActive,name=<db>}: this cluster's instance of an Active-Active database. A
 * peer whose stream stops is announced by a {@value #PEER_OUT_OF_SYNC} notification, and its return by
 * {@value #PEER_IN_SYNC}.
 */
@ProviderType
@Description("This cluster's instance of an Active-Active database: its instances, its peers' sync, its tombstones")
public interface ActiveActiveMXBean {

    String TYPE_PATTERN = "io.clustersync:type=ActiveActive,*";
    String PEER_OUT_OF_SYNC = "io.clustersync.crdb.peer.out-of-sync";
    String PEER_IN_SYNC = "io.clustersync.crdb.peer.in-sync";

    static String objectName(String databaseName) {
        return "io.clustersync:type=ActiveActive,name=" + databaseName;
    }

    @Description("The Active-Active database's id, the same in every instance")
    String getId();

    @Description("This cluster's database, db:N")
    String getDatabase();

    @Description("This instance's id")
    int getInstance();

    @Description("Every instance of the database, this one included")
    List<CrdbInstanceRow> getInstances();

    @Description("The other instances, as this instance's syncer pulls them")
    List<CrdbPeerRow> getPeers();

    @Description("Tombstones pending: what this instance's keys keep of removes (per key, field and instance) and"
            + " deleted list elements, forgotten once every instance has seen them")
    long getTombstones();

    @Description("Tombstones forgotten by this instance's shards (every instance had seen them) since their nodes started")
    long getTombstonesCollected();

    @Description("How old, in ms, the latest point is up to which every instance has applied every write (the oldest"
            + " of this instance's shards): younger tombstones wait; it grows while an instance is cut off. -1 until"
            + " every shard has heard from every instance")
    long getSeenEverywhereAgeMs();

    @Description("Deltas of other instances merged by this instance's shards since their nodes started")
    long getMergedDeltas();

    @Description("Sets the instances; the others become the peers this instance pulls")
    void setInstances(@Description("One per line or ';', each <id> <cluster> <admin host:port> <endpoint host:port>")
                      String instances,
                      @Description("The password the peers are pulled with (the database's, or empty)") String password);

    @Description("Deletes every key of this instance as it sees them now (crdb flush runs it on every instance);"
            + " answers how many")
    long flush();
}
