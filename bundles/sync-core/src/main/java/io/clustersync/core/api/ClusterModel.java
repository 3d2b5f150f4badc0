package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * The cluster model held by sync-core: nodes, databases with their shards and endpoints, syncer modes and
 * server parameters. Every change is validated, persisted in the configuration database and announced to
 * the {@link ModelListener} services. Databases are named by {@code db:N}, {@code N} or their name.
 */
@ProviderType
public interface ClusterModel {

    List<ClusterNode> nodes();

    List<Database> databases();

    /** The database named by {@code db:N}, {@code N} or its name; an unknown one is named in the error. */
    Database database(String reference);

    Database createDatabase(DatabaseSpec spec);

    void dropDatabase(String reference);

    /** Binds an endpoint of a database to a proxy policy ({@code single}, {@code all-master-shards}, {@code all-nodes}). */
    Database bind(String databaseReference, String endpointReference, String policy);

    /** Sets a tunable of a database; {@code syncer_mode} is one. Unknown parameters are refused by name. */
    Database tune(String databaseReference, String parameter, String value);

    /**
     * Replica Of: adds a source database on another cluster ({@code redis://[:password@]host:port/name}) and
     * enables replication (at most {@link Database#MAX_REPLICA_SOURCES} sources; the same source once).
     */
    Database replicaOf(String databaseReference, String sourceUri);

    /**
     * Replica Of: {@code pause} (keeps the checkpoints), {@code resume}, or {@code stop} (forgets the sources:
     * the database no longer replicates).
     */
    Database replication(String databaseReference, String action);

    /**
     * Creates this cluster's instance of an Active-Active database: a database as {@link #createDatabase} makes
     * it, whose shards merge their writes with the other instances'. Its instances are set by
     * {@link #activeActive}.
     */
    Database createActiveActive(DatabaseSpec spec, ActiveActive activeActive);

    /**
     * Sets the instances of this cluster's instance of an Active-Active database (the same id and instance id):
     * the others with a known endpoint become its sources, pulled with {@code password} (the database's, or null).
     */
    Database activeActive(String databaseReference, ActiveActive activeActive, String password);

    /** The nodes on which the database's endpoint places a proxy under its current policy. */
    List<Integer> proxyNodes(Database database);

    List<ServerParameter> parameters();

    void setParameter(String name, String value, boolean local);
}
