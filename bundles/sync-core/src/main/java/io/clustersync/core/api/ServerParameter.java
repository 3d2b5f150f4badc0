package io.clustersync.core.api;

/**
 * A server parameter; a local one belongs to this node alone and is never synchronized.
 */
public record ServerParameter(String name, String value, boolean local) {
}
