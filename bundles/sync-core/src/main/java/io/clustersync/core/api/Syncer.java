package io.clustersync.core.api;

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

    /** Starts replicating the task's source into its destination; returns at once. */
    SyncerRun start(ReplicationTask task);
}
