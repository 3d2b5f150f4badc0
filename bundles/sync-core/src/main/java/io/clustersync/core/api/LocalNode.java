package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.file.Path;

/**
 * The node this JVM runs: its identity and its home directory ({@code etc/}, {@code conf/}, {@code data/},
 * {@code var/}). Registered as a service once the node's configuration has been read and validated.
 */
@ProviderType
public interface LocalNode {

    NodeIdentity identity();

    /** The node's home directory. */
    Path home();

    /** The version of clustersync this node runs. */
    String version();

    /** The port of the configuration database's JDBC server on the node's address, or 0 when there is none. */
    int jdbcPort();
}
