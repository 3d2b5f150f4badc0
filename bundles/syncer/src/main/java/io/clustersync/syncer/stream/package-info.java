/**
 * The stream client of the syncers: the handshake with a source proxy, the snapshot and stream of each source
 * shard, checkpoints and resync, in one connection ({@link io.clustersync.syncer.stream.StreamRun}) or split
 * into parts of one connection each ({@link io.clustersync.syncer.stream.SplitRun}). Exported, versioned, for
 * syncer bundles that place their connections differently (the parallel mode imports it).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.clustersync.syncer.stream;
