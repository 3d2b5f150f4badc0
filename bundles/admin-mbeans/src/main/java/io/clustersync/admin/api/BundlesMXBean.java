package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=Bundles}: the node's OSGi bundles, and the operator's hot swap of one of them
 * (the syncer, typically) while the node runs: after copying a new jar over the one in {@code <install>/bundle/},
 * {@code update} re-reads it; the services it registers go away and come back, and sync-core's replication
 * controller resumes every replication from its checkpoints.
 */
@ProviderType
public interface BundlesMXBean {

    String OBJECT_NAME = "io.clustersync:type=Bundles";

    /** One line per bundle: id, symbolic name, version, state. */
    List<String> getBundles();

    /** Re-reads a bundle from its location and restarts it; returns its new line. */
    String update(String symbolicName);

    /** Stops a bundle (its services go away); returns its new line. */
    String stop(String symbolicName);

    /** Starts a stopped bundle; returns its new line. */
    String start(String symbolicName);

    /**
     * Installs and starts the bundle in a jar on the node's machine (an absolute path, or one relative to the node's
     * install folder, e.g. {@code extras/clustersync-syncer-parallel.jar}); returns its line. A bundle that cannot
     * start is uninstalled again and the reason is the error. It stays installed across restarts of the node.
     */
    String install(String jarPath);

    /** Stops and removes a bundle that was installed with {@link #install}; returns its last line. */
    String uninstall(String symbolicName);
}
