package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=Cluster}: the cluster as this node sees it. Attributes are readable by the
 * read-only role; operations change state and need the admin role.
 */
@ProviderType
public interface ClusterMXBean {

    String OBJECT_NAME = "io.clustersync:type=Cluster";

    String getClusterName();

    /** This node, {@code node:N}. */
    String getLocalNode();

    /** The primary node, {@code node:N}. */
    String getPrimaryNode();

    /** The clustersync version this node runs. */
    String getVersion();

    List<NodeRow> getNodes();

    /** Recent connections the cluster bus refused, one line each: time, remote address, reason. */
    List<String> getBusRefusals();

    /** SHA-256 fingerprint of the cluster certificate this node presents and trusts. */
    String getCertificateFingerprint();

    /** The TLS implementation of the cluster bus: BoringSSL (netty-tcnative), or the JDK's and why. */
    String getBusTlsEngine();

    List<DatabaseRow> getDatabases();

    /** The whole {@code rladmin status}-style report: CLUSTER NODES, DATABASES, ENDPOINTS, SHARDS. */
    String getStatusText();

    /** One section of the status report ({@code nodes}, {@code databases}, {@code endpoints}, {@code shards}), or all for "". */
    String status(String section);

    /** Creates a database with its endpoint on {@code port} (0 picks a free one); returns its id, {@code db:N}. */
    String createDatabase(String name, int shards, int port);

    /** As {@link #createDatabase}, with a password clients must AUTH with. */
    String createDatabaseWithPassword(String name, int shards, int port, String password);

    /**
     * Creates this cluster's instance {@code instance} (1 to 5) of the Active-Active database {@code crdbId}, a
     * database named {@code name} with {@code shards} shards and its endpoint on {@code port} (0 picks one) and
     * {@code password} (empty for none); its instances are set on its {@link ActiveActiveMXBean}. Returns
     * {@code db:N}. {@code clustersync-admin crdb create} runs it in every participating cluster.
     */
    String createActiveActiveInstance(String name, int shards, int port, String password, String crdbId, int instance);

    /** Drops a database named by {@code db:N} or its name. */
    void dropDatabase(String database);

    /** Server parameters, synchronized ones and this node's local ones. */
    List<ParameterRow> getParameters();

    /** Sets a server parameter; a local one stays on this node, any other goes to every node. */
    void setParameter(String name, String value, boolean local);
}
