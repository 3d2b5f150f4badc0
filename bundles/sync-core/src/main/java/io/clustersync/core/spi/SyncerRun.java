package io.clustersync.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** A running syncer for one source; {@link #stop()} ends it and returns once it no longer applies anything. */
@ConsumerType
public interface SyncerRun {

    void stop();
}
