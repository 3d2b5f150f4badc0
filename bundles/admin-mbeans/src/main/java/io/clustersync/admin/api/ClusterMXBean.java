package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=Cluster}: the cluster as this node sees it. Attributes are readable by the
 * read-only role; operations change state and need the admin role.
 */
@ProviderType
@Description("The cluster as this node sees it: nodes, databases, server parameters; creates and drops databases")
public interface ClusterMXBean {

    String OBJECT_NAME = "io.clustersync:type=Cluster";

    @Description("The cluster's name")
    String getClusterName();

    @Description("This node, node:N")
    String getLocalNode();

    @Description("The primary node, node:N")
    String getPrimaryNode();

    @Description("The clustersync version this node runs")
    String getVersion();

    @Description("The nodes of the cluster (the CLUSTER NODES table)")
    List<NodeRow> getNodes();

    @Description("Recent connections the cluster bus refused, one line each: time, remote address, reason")
    List<String> getBusRefusals();

    @Description("SHA-256 fingerprint of the cluster certificate this node presents and trusts")
    String getCertificateFingerprint();

    @Description("The TLS implementation of the cluster bus: BoringSSL (netty-tcnative), or the JDK's and why")
    String getBusTlsEngine();

    @Description("The databases of the cluster (the DATABASES table)")
    List<DatabaseRow> getDatabases();

    @Description("The whole status report: CLUSTER NODES, DATABASES, ENDPOINTS, SHARDS")
    String getStatusText();

    @Query
    @Description("One section of the status report, or all of it")
    String status(@Description("nodes, databases, endpoints or shards; empty for all") String section);

    @Description("Creates a database; returns its id, db:N")
    String createDatabase(@Description("The database's name") String name,
                          @Description("Its number of master shards") int shards,
                          @Description("The TCP port of its endpoint (0 picks a free one)") int port);

    @Description("Creates a database whose clients must AUTH with a password; returns its id, db:N")
    String createDatabaseWithPassword(@Description("The database's name") String name,
                                      @Description("Its number of master shards") int shards,
                                      @Description("The TCP port of its endpoint (0 picks a free one)") int port,
                                      @Description("The password clients AUTH with") String password);

    /**
     * Creates this cluster's instance {@code instance} (1 to 5) of the Active-Active database {@code crdbId}; its
     * instances are set on its {@link ActiveActiveMXBean}. {@code clustersync-admin crdb create} runs it in every
     * participating cluster.
     */
    @Description("Creates this cluster's instance of an Active-Active database (crdb create runs it in every cluster);"
            + " set its instances on its ActiveActive MXBean next. Returns db:N")
    String createActiveActiveInstance(@Description("The database's name") String name,
                                      @Description("Its number of master shards") int shards,
                                      @Description("The TCP port of its endpoint (0 picks a free one)") int port,
                                      @Description("The password clients and peers AUTH with (empty for none)") String password,
                                      @Description("The Active-Active database's id, the same in every cluster") String crdbId,
                                      @Description("This instance's id, 1 to 5") int instance);

    @Description("Drops a database and deletes its data")
    void dropDatabase(@Description("db:N or the database's name") String database);

    @Description("Server parameters: synchronized ones and this node's local ones")
    List<ParameterRow> getParameters();

    @Description("Sets a server parameter; a local one stays on this node, any other goes to every node")
    void setParameter(@Description("The parameter's name") String name,
                      @Description("Its new value") String value,
                      @Description("true: this node only; false: every node") boolean local);
}
