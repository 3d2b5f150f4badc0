package io.clustersync.admin.api;

/** A server parameter; a local one belongs to its node and is never synchronized. */
public record ParameterRow(String name, String value, boolean local) {
}
