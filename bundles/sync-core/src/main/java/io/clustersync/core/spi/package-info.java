/**
 * The syncer SPI: what a bundle implements to carry Replica Of (and, later, Active-Active) traffic between
 * clusters, and what sync-core gives it. A syncer is a {@link io.clustersync.core.spi.Syncer} service named by
 * its mode; sync-core starts one {@link io.clustersync.core.spi.SyncerRun} per source with a
 * {@link io.clustersync.core.spi.ReplicationTask}. Versioned on its own, so that a third-party syncer imports
 * this package and the API's values and nothing else; bnd baselining guards its version.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.clustersync.core.spi;
