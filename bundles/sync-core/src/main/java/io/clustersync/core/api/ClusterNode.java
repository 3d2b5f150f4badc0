package io.clustersync.core.api;

/**
 * A node of the cluster as the model knows it: its id, the address it binds and its cluster bus port.
 */
public record ClusterNode(int id, String address, int busPort) {

    public ClusterNode {
        if (id < 1) {
            throw new IllegalArgumentException("node id must be 1 or more, got " + id);
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("node:" + id + " has no address");
        }
    }

    /** The operator's name of this node, {@code node:N}. */
    public String ref() {
        return "node:" + id;
    }
}
