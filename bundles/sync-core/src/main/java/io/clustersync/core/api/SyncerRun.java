package io.clustersync.core.api;

/** A running syncer for one source; {@link #stop()} ends it and returns once it no longer applies anything. */
@org.osgi.annotation.versioning.ConsumerType
public interface SyncerRun {

    void stop();
}
