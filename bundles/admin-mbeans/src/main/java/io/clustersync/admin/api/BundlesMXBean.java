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
@Description("The node's OSGi bundles, and the hot swap of one (the syncer, typically) while the node runs")
public interface BundlesMXBean {

    String OBJECT_NAME = "io.clustersync:type=Bundles";

    @Description("One line per bundle: id, symbolic name, version, state")
    List<String> getBundles();

    @Description("Re-reads a bundle from its location and restarts it; returns its new line")
    String update(@Description("The bundle's symbolic name") String symbolicName);

    @Description("Stops a bundle (its services go away); returns its new line")
    String stop(@Description("The bundle's symbolic name") String symbolicName);

    @Description("Starts a stopped bundle; returns its new line")
    String start(@Description("The bundle's symbolic name") String symbolicName);

    /**
     * A bundle that cannot start is uninstalled again and the reason is the error. It stays installed across
     * restarts of the node.
     */
    @Description("Installs and starts the bundle in a jar on the node's machine; returns its line. It stays installed"
            + " across restarts")
    String install(@Description("An absolute path, or one relative to the node's install folder, e.g."
            + " extras/clustersync-syncer-parallel.jar") String jarPath);

    @Description("Stops and removes a bundle installed with install; returns its last line")
    String uninstall(@Description("The bundle's symbolic name") String symbolicName);
}
