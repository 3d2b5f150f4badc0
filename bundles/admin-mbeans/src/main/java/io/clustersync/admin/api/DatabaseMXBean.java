package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=Database,name=<db>}: one database. A change of {@code SyncerMode} or of
 * {@code EndpointPolicy}, from this bean or from anywhere else, is announced by a
 * {@code jmx.attribute.change} notification.
 */
@ProviderType
@Description("One database: its endpoints, shards, settings and Replica Of")
public interface DatabaseMXBean {

    String TYPE_PATTERN = "io.clustersync:type=Database,*";

    static String objectName(String databaseName) {
        return "io.clustersync:type=Database,name=" + databaseName;
    }

    @Description("db:N")
    String getId();

    @Description("The database's name")
    String getName();

    @Description("Its number of master shards")
    int getShardCount();

    @Description("Whether clients must AUTH with a password")
    boolean isPasswordProtected();

    @Description("Its proxies, one per node (the ENDPOINTS table)")
    List<EndpointRow> getEndpoints();

    @Description("Its shards (the SHARDS table)")
    List<ShardRow> getShards();

    @Description("The policy of the database's endpoint (endpoint:<db>:1): single, all-master-shards or all-nodes")
    String getEndpointPolicy();

    @Description("How its syncer runs: centralized, distributed or parallel (the same as tune syncer_mode)")
    String getSyncerMode();

    @Description("Whether clients may only read (tune read_only yes); Replica Of still writes")
    boolean isReadOnly();

    @Description("Whether its proxies speak TLS: no, yes, or mutual (client certificates of the cluster's CA required);"
            + " the same as tune tls")
    String getTls();

    @Description("TLS handshakes this node's proxies of the database refused since they started: plain-text clients,"
            + " wrong or missing client certificates (each is logged with the client's address)")
    long getTlsRefusals();

    @Description("Wrong passwords (AUTH, HELLO ... AUTH) this node's proxies of the database refused since they started"
            + " (each is logged with the client's address)")
    long getPasswordRefusals();

    void setSyncerMode(String mode);

    @Description("The info db report")
    String getInfo();

    @Description("Binds an endpoint to a proxy policy")
    void bind(@Description("endpoint:<db>:<n> or <db>:<n>") String endpointId,
              @Description("single, all-master-shards or all-nodes") String policy);

    @Description("Sets a tunable of the database; unknown ones are refused by name")
    void tune(@Description("syncer_mode, read_only or tls") String parameter,
              @Description("Its new value") String value);

    @Description("Replica Of: disabled, enabled or paused")
    String getReplicaState();

    @Description("The Replica Of sources, their passwords hidden")
    List<String> getReplicaSources();

    @Description("Each source's replication as this node runs it: source N <uri>: <state> (<detail>) by <mode> syncer"
            + " <implementation> on node:N")
    List<String> getReplicationStatus();

    @Description("Adds a Replica Of source and enables replication")
    void replicaOf(@Description("redis://[:password@]host:port/name, or over TLS rediss://[:password@]host:port/name[?cacert=/path/ca.pem]") String sourceUri);

    @Description("Pauses replication from every source; resume continues from the checkpoints")
    void pauseReplication();

    @Description("Resumes replication from the checkpoints")
    void resumeReplication();

    @Description("Forgets every source: the database no longer replicates")
    void stopReplication();
}
