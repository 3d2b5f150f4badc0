package io.clustersync.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A syncer implementation (SPI): registered as an OSGi service with the property {@value #MODE} naming the
 * {@code syncer_mode} it implements. sync-core's replication controller starts it for each Replica Of source of a
 * database whose mode it names, and stops it when the mode changes, the service goes away or replication is
 * paused. All state (checkpoints, data) stays in sync-core, so a syncer can be swapped at any moment: the next
 * one resumes from the checkpoints.
 */
@ConsumerType
public interface Syncer {

    /** The service property naming the mode, e.g. {@code centralized}. */
    String MODE = "syncer.mode";

    /**
     * The service property that spreads a syncer ({@code true}): the controller then starts it on every destination
     * node that masters a shard of the database, each run carrying its {@link ReplicationTask#share() share} of the
     * source's nodes. Without it, one node (that of the database's first master shard) runs the whole source.
     */
    String SPREAD = "syncer.spread";

    /**
     * The service property naming where the syncer reads a source from, which the model checks before a database
     * takes the mode: {@value #PROXIES_SOURCE_URI} (the default: the proxy the source URI names, which relays the
     * other nodes' shards) or {@value #PROXIES_EVERY_MASTER_SHARD} (a proxy on every node holding a master shard
     * of the database, so that its endpoint must be bound to a policy that places one there).
     */
    String PROXIES = "syncer.proxies";

    /** {@link #PROXIES}: every source shard is read through the proxy the source URI names. */
    String PROXIES_SOURCE_URI = "source-uri";

    /** {@link #PROXIES}: each source shard is read through a proxy on its own node; the database needs one there. */
    String PROXIES_EVERY_MASTER_SHARD = "every-master-shard";

    /** Starts replicating the task's source into its destination; returns at once. */
    SyncerRun start(ReplicationTask task);
}
