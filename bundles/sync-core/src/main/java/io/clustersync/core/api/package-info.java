/**
 * The public face of sync-core: the node's identity, the cluster model (databases, shards, endpoints,
 * proxy policies, syncer modes, server parameters) and the listener SPI through which other bundles learn
 * of model changes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.clustersync.core.api;
